using CrmActors.Simulator.Events;

namespace CrmActors.Simulator.Generation;

/// <summary>The segments of the synthetic bank (src/Simulator/README.md, "The bank").</summary>
public enum Segment : byte
{
    /// <summary>An account with nothing in it: not rated.</summary>
    Dormant,
    /// <summary>A few hundred CNY and almost no activity: mostly quasi-star.</summary>
    Inactive,
    /// <summary>The bulk: log-normal financial assets, card spending, a few loans.</summary>
    Retail,
    /// <summary>The wealthy tail: Pareto-distributed assets from 400,000 CNY.</summary>
    Affluent,
}

/// <summary>One customer of a synthetic bank: who they are and every event of theirs, the six-month history and the
/// live tail, each in time order.</summary>
public sealed record GeneratedCustomer(
    int Index,
    string CustomerId,
    Segment Segment,
    decimal FinancialAssets,
    string HomeBranchId,
    string? ManagerId,
    IReadOnlyList<SimEvent> History,
    IReadOnlyList<SimEvent> Tail)
{
    public IEnumerable<SimEvent> Events => History.Concat(Tail);

    public int EventCount => History.Count + Tail.Count;
}
