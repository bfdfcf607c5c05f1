using System.Globalization;
using CrmActors.Scoring;

namespace CrmActors.Simulator.Generation;

/// <summary>What defines a synthetic bank. The same options give the same events, byte for byte.</summary>
public sealed record BankOptions
{
    /// <summary>Number of customers.</summary>
    public int Customers { get; init; } = 1_000;

    /// <summary>The seed: everything random derives from it (per customer: from seed and customer number).</summary>
    public long Seed { get; init; } = 1;

    /// <summary>The run's clock: no event occurs after it. The history is laid out backwards from it, so a bank is
    /// reproduced by (seed, as-of): the same pair gives the same events byte for byte.</summary>
    public DateTimeOffset AsOf { get; init; } = DefaultAsOf();

    /// <summary>Prefix of customer ids (and so of event ids): banks generated with other prefixes never collide in
    /// one engine. Default <c>S{seed}-</c>.</summary>
    public string? Prefix { get; init; }

    /// <summary>Branches B001…; homes are spread unevenly (branch k weighs 1/√k, city-centre branches are bigger).</summary>
    public int Branches { get; init; } = 50;

    /// <summary>Relationship managers per branch: branch k has M(k−1)·m+1 … M(k·m).</summary>
    public int ManagersPerBranch { get; init; } = 2;

    /// <summary>The live tail: events in (as-of − tail, as-of], sent after the history in time order.</summary>
    public TimeSpan Tail { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>Mean number of live-tail events per active customer.</summary>
    public double TailEventsPerCustomer { get; init; } = 1.0;

    /// <summary>The star model the history is laid out for (rating day, window, bank time).</summary>
    public StarModelOptions Model { get; init; } = StarModelOptions.Default;

    public string CustomerPrefix => Prefix ?? $"S{Seed.ToString(CultureInfo.InvariantCulture)}-";

    /// <summary>Now, to the whole second (event times are written to the second).</summary>
    public static DateTimeOffset DefaultAsOf()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }
}
