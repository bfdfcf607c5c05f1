namespace CrmActors.Scoring;

/// <summary>One version of the star model's figures (<see cref="Options"/>), the rating day from which it is in force
/// and what it is used for. The bank's published model is the first version (<see cref="Published"/>).</summary>
/// <remarks>The state is stored as proposed / scheduled; whether a scheduled version is already in force is a matter
/// of the date (<see cref="RuleBook"/>), so every node derives the same answer from the same rows.</remarks>
public sealed record RuleSet
{
    /// <summary>The version id of the bank's published model.</summary>
    public const string PublishedVersion = "published";

    public required string Version { get; init; }

    /// <summary>The rating day (bank time) from which the version is in force; null while it is only a shadow.</summary>
    public DateOnly? EffectiveFrom { get; init; }

    /// <summary>True once scheduled (the published version is scheduled from the start of the ledger's domain).</summary>
    public bool IsScheduled => EffectiveFrom is not null;

    public required StarModelOptions Options { get; init; }

    /// <summary>The published model, in force from the first day any event can carry.</summary>
    public static RuleSet Published(StarModelOptions options) => new()
    {
        Version = PublishedVersion, EffectiveFrom = DateOnly.FromDateTime(LedgerDomain.EarliestTime.UtcDateTime),
        Options = options,
    };
}
