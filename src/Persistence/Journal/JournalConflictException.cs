namespace CrmActors.Persistence.Journal;

/// <summary>A batch used event ids that the journal holds with other content (contract: 409); nothing was appended.</summary>
public sealed class JournalConflictException(IReadOnlyList<string> eventIds)
    : Exception($"Event ids already used with different content: {string.Join(", ", eventIds)}")
{
    public IReadOnlyList<string> EventIds { get; } = eventIds;
}
