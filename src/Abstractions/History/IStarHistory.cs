namespace CrmActors.Abstractions.History;

/// <summary>Every service-star change of every customer since it was first seen (contract "Extensions": history from
/// durable data, paged). Written by the customer grain; numbered per customer from 1.</summary>
public interface IStarHistory
{
    /// <summary>Records changes; a number already recorded keeps what was recorded first (a replay after a crash may
    /// derive a change again).</summary>
    Task AppendAsync(string customerId, IReadOnlyList<StarHistoryEntry> entries, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> changes numbered above <paramref name="afterSeq"/>, oldest first.</summary>
    Task<IReadOnlyList<StarHistoryEntry>> ReadAsync(string customerId, long afterSeq, int limit, CancellationToken cancellationToken);
}

/// <summary>A customer's star change and its number in that customer's history.</summary>
[GenerateSerializer, Immutable, Alias("crm.StarHistoryEntry")]
public sealed record StarHistoryEntry([property: Id(0)] long Seq, [property: Id(1)] StarChangeNotice Change);

/// <summary>One page of a customer's history; <see cref="NextAfter"/> is the number to continue after, null at the end.</summary>
[GenerateSerializer, Immutable, Alias("crm.StarHistoryPage")]
public sealed record StarHistoryPage(
    [property: Id(0)] System.Collections.Immutable.ImmutableArray<StarHistoryEntry> Entries,
    [property: Id(1)] long? NextAfter);
