using CrmActors.Scoring;
using CrmActors.Simulator.Events;
using CrmActors.Simulator.Generation;

namespace CrmActors.Simulator.Oracle;

/// <summary>The oracle's view of a whole bank: how many customers at each star, how the points spread, and the mix of
/// events. What <c>stats</c> prints and what the distribution tests assert.</summary>
public sealed class BankStats
{
    public static readonly Star[] Levels = [Star.Unrated, Star.Quasi, Star.Three, Star.Four, Star.Five, Star.Six, Star.Seven];

    public int Customers { get; private set; }
    public long Events { get; private set; }
    public long TailEvents { get; private set; }
    public DateTimeOffset EvaluatedAt { get; init; }
    public Dictionary<Star, int> ServiceStars { get; } = Levels.ToDictionary(s => s, _ => 0);
    public Dictionary<Star, int> ContributionStars { get; } = Levels.ToDictionary(s => s, _ => 0);
    public Dictionary<string, long> EventMix { get; } = new(StringComparer.Ordinal);
    public Dictionary<Segment, int> Segments { get; } = Enum.GetValues<Segment>().ToDictionary(s => s, _ => 0);
    public int MaxEventsPerCustomer { get; private set; }
    private readonly List<decimal> _points = [];

    public double ServiceShare(Func<Star, bool> which) =>
        Customers == 0 ? 0 : ServiceStars.Where(kv => which(kv.Key)).Sum(kv => kv.Value) / (double)Customers;

    public double ContributionShare(Func<Star, bool> which) =>
        Customers == 0 ? 0 : ContributionStars.Where(kv => which(kv.Key)).Sum(kv => kv.Value) / (double)Customers;

    /// <summary>The points at a quantile (0–1) over all customers.</summary>
    public decimal PointsAt(double q)
    {
        if (_points.Count == 0) return 0;
        return _points[Math.Min(_points.Count - 1, (int)(q * _points.Count))];
    }

    public double MeanEventsPerCustomer => Customers == 0 ? 0 : Events / (double)Customers;

    /// <summary>The stats of a generated bank, evaluated at its as-of (in parallel).</summary>
    public static BankStats Of(BankGenerator generator, DateTimeOffset? at = null)
    {
        var when = at ?? generator.Options.AsOf;
        var stats = new BankStats { EvaluatedAt = when };
        var gate = new Lock();
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, generator.Options.Customers, 256), range =>
        {
            var local = new BankStats { EvaluatedAt = when };
            for (int i = range.Item1; i < range.Item2; i++)
            {
                var c = generator.Generate(i);
                local.Add(c.Events, c.Tail.Count, StarOracle.Evaluate(c.Events, when, generator.Options.Model));
                local.Segments[c.Segment]++;
            }
            lock (gate) stats.Merge(local);
        });
        stats._points.Sort();
        return stats;
    }

    /// <summary>The stats of events grouped by customer (from a file), evaluated at <paramref name="at"/>.</summary>
    public static BankStats Of(IReadOnlyCollection<IReadOnlyList<SimEvent>> customers, DateTimeOffset at, StarModelOptions? model = null)
    {
        var stats = new BankStats { EvaluatedAt = at };
        var gate = new Lock();
        Parallel.ForEach(customers, () => new BankStats { EvaluatedAt = at },
            (events, _, local) => { local.Add(events, 0, StarOracle.Evaluate(events, at, model)); return local; },
            local => { lock (gate) stats.Merge(local); });
        stats._points.Sort();
        return stats;
    }

    private void Add(IEnumerable<SimEvent> events, int tail, CustomerStanding standing)
    {
        int n = 0;
        foreach (var e in events)
        {
            n++;
            string kind = Kind(e);
            EventMix[kind] = EventMix.GetValueOrDefault(kind) + 1;
        }
        Customers++;
        Events += n;
        TailEvents += tail;
        MaxEventsPerCustomer = Math.Max(MaxEventsPerCustomer, n);
        ServiceStars[standing.ServiceStar]++;
        ContributionStars[standing.ContributionStar]++;
        _points.Add(standing.Points);
    }

    private void Merge(BankStats other)
    {
        Customers += other.Customers;
        Events += other.Events;
        TailEvents += other.TailEvents;
        MaxEventsPerCustomer = Math.Max(MaxEventsPerCustomer, other.MaxEventsPerCustomer);
        foreach (var (k, v) in other.ServiceStars) ServiceStars[k] += v;
        foreach (var (k, v) in other.ContributionStars) ContributionStars[k] += v;
        foreach (var (k, v) in other.EventMix) EventMix[k] = EventMix.GetValueOrDefault(k) + v;
        foreach (var (k, v) in other.Segments) Segments[k] += v;
        _points.AddRange(other._points);
    }

    /// <summary>The row of the event-mix table an event belongs to.</summary>
    public static string Kind(SimEvent e) => e.Type switch
    {
        SimEventType.Balance => "balance/" + EventJson.Wire(e.Indicator!.Value),
        SimEventType.FeeBusiness => "feeBusiness/" + EventJson.Wire(e.Business!.Value),
        SimEventType.Product => "product/" + EventJson.Wire(e.Action!.Value),
        SimEventType.BranchVisit => "branchVisit",
        _ => "profile",
    };
}
