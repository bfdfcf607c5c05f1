using System.Collections.Immutable;
using CrmActors.Abstractions.Journal;
using CrmActors.Abstractions.Rules;
using CrmActors.Abstractions.Screens;
using CrmActors.Grains.Desks;
using CrmActors.Scoring;
using Microsoft.Extensions.Logging;

namespace CrmActors.Grains.Rules;

/// <summary>Running counts of one pending version's impact (<see cref="IRuleImpactGrain"/>). Per customer it keeps the
/// latest report; the counts per cell and the ordered set of customers who move are updated by the difference, so
/// reading the impact never visits the customers.</summary>
/// <remarks>The counts are kept in memory and made whole by a seed over every customer (<see cref="ImpactSeeder"/>):
/// when the grain activates — so a lost activation fills up again on its own — and again on each new bank day while
/// the version is pending, because the clock moves stars and points without any event (a rating day, the window).
/// Between seeds, customers report when their pair changes: one small one-way message per change of pair, not per
/// event. A report and a seed's page may cross; the one further into the journal wins (<see cref="Kept.Supersedes"/>).</remarks>
public sealed class RuleImpactGrain(TimeProvider clock, RuleBookCache rules, ImpactSeeder seeder, ILogger<RuleImpactGrain> logger)
    : Grain, IRuleImpactGrain
{
    public const int LargestMoves = 100;
    /// <summary>How often the grain checks that its version is still pending and whether a new seed is due.</summary>
    public static readonly TimeSpan CheckPeriod = TimeSpan.FromMinutes(1);
    /// <summary>How soon a failed seed (the database away, a silo gone) is tried again.</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);
    /// <summary>A seed still running after this long is taken for lost: a million customers take well under a minute.</summary>
    public static readonly TimeSpan SeedGiveUp = TimeSpan.FromMinutes(30);
    private const int StarValues = 8;   // Star values 0 … 7 index the table

    private readonly Dictionary<string, Kept> _last = new(StringComparer.Ordinal);
    private readonly long[,] _cells = new long[StarValues, StarValues];
    private readonly SortedSet<ImpactMove> _moves = new(ByMove.Instance);   // the customers who move only
    private int _seed;   // the running or last seed's number
    private ImpactSeed? _seedState;
    private DateOnly _seedDay;   // the bank day the last seed started on
    private long _seedStartedTicks;   // monotonic: the seed's duration and give-up (the business clock may be moved by tests)
    private CancellationTokenSource? _seedStop;
    private readonly ObserverSet<IRuleImpactObserver> _observers = new(ScreenSubscriptions.Lifetime);
    private bool _changed;   // since the last push to the observers
    /// <summary>How often the observers are pushed the impact while it changes.</summary>
    public static readonly TimeSpan PushPeriod = TimeSpan.FromSeconds(1);

    private string Version => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(TimeSpan.FromDays(365));
        this.RegisterGrainTimer(Check, new GrainTimerCreationOptions(CheckPeriod, CheckPeriod) { Interleave = true });
        this.RegisterGrainTimer(Push, PushPeriod, PushPeriod);
        return Check();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _seedStop?.Cancel();
        return Task.CompletedTask;
    }

    /// <summary>Leaves when the version is no longer pending; starts a seed when none ran today or the last failed.</summary>
    private async Task Check()
    {
        var book = await rules.GetAsync();
        var today = book.DayOf(clock.GetUtcNow());
        if (book.PendingOn(today)?.Version != Version)
        {
            _seedStop?.Cancel();
            DeactivateOnIdle();
            return;
        }
        bool due = _seedState is null
            || (_seedState.State != ImpactSeedState.Running && _seedDay < today)
            || _seedState.State == ImpactSeedState.Failed
            // A seed that could not even say it stopped (its reports failed too) is started again.
            || (_seedState.State == ImpactSeedState.Running && Environment.TickCount64 - _seedStartedTicks > (long)SeedGiveUp.TotalMilliseconds);
        if (due) StartSeed(today);
    }

    private void StartSeed(DateOnly today)
    {
        int seed = ++_seed;
        _seedDay = today;
        _seedStartedTicks = Environment.TickCount64;
        _seedState = new ImpactSeed { State = ImpactSeedState.Running, StartedAt = clock.GetUtcNow(), Customers = 0 };
        _changed = true;
        _seedStop?.Cancel();
        _seedStop = new CancellationTokenSource();
        var token = _seedStop.Token;
        var self = this.AsReference<IRuleImpactGrain>();
        string version = Version;
        // Off the grain's turn: the seed reads and computes for a while, and reports back through calls like any client.
        _ = Task.Run(() => seeder.RunAsync(version, seed, self, token), CancellationToken.None);
    }

    public Task Report(ImpactReport report)
    {
        Accept(report);
        return Task.CompletedTask;
    }

    public Task ReportSeed(int seed, ImmutableArray<ImpactReport> reports)
    {
        if (seed != _seed || _seedState is not { State: ImpactSeedState.Running } running) return Task.CompletedTask;
        foreach (var report in reports) Accept(report);
        _seedState = running with { Customers = running.Customers + reports.Length };
        _changed = true;
        return Task.CompletedTask;
    }

    public Task SeedEnded(int seed, string? failure)
    {
        if (seed != _seed || _seedState is not { State: ImpactSeedState.Running } running) return Task.CompletedTask;
        _seedState = running with
        {
            State = failure is null ? ImpactSeedState.Complete : ImpactSeedState.Failed,
            EndedAt = clock.GetUtcNow(), Failure = failure,
        };
        _changed = true;
        var outcome = new KeyValuePair<string, object?>("outcome", failure is null ? "complete" : "failed");
        EngineMetrics.ImpactSeeds.Add(1, outcome);
        EngineMetrics.ImpactSeedDuration.Record((Environment.TickCount64 - _seedStartedTicks) / 1000.0, outcome);
        if (failure is null) return Task.CompletedTask;
        logger.LogWarning("Impact seed {Seed} of {Version} failed ({Failure}); tried again in {Delay}.", seed, Version, failure, RetryAfterFailure);
        IGrainTimer? retry = null;
        retry = this.RegisterGrainTimer(() =>
        {
            retry?.Dispose();
            return Check();
        }, new GrainTimerCreationOptions(RetryAfterFailure, Timeout.InfiniteTimeSpan) { Interleave = true });
        return Task.CompletedTask;
    }

    public Task Subscribe(IRuleImpactObserver observer)
    {
        _observers.Renew(observer);
        _changed = true;   // a new screen gets the impact as it stands at the next push
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IRuleImpactObserver observer)
    {
        _observers.Remove(observer);
        return Task.CompletedTask;
    }

    private Task Push()
    {
        if (!_changed || _observers.Count == 0) return Task.CompletedTask;
        _changed = false;
        var impact = Impact();
        _observers.Notify(o => o.ImpactChanged(impact),
            ex => logger.LogDebug(ex, "An observer of the impact of {Version} is gone.", Version));
        return Task.CompletedTask;
    }

    private void Accept(ImpactReport report)
    {
        var kept = Kept.Of(report);
        string id = report.CustomerId;
        if (_last.TryGetValue(id, out var before))
        {
            if (!kept.Supersedes(before)) return;
            _last[id] = kept;
            if (kept.SameStanding(before)) return;
            _cells[(int)before.Current, (int)before.Shadow]--;
            if (before.Moves) _moves.Remove(before.Move(id));
        }
        else
        {
            _last[id] = kept;
        }
        _changed = true;
        _cells[(int)kept.Current, (int)kept.Shadow]++;
        if (kept.Moves) _moves.Add(kept.Move(id));
    }

    /// <summary>A customer's latest report as kept, without its id (the dictionary's key): a million customers are a
    /// million of these.</summary>
    private readonly record struct Kept(Star Current, Star Shadow, decimal Points, decimal ShadowPoints, JournalPosition Applied, long AtTicks)
    {
        public static Kept Of(ImpactReport r) => new(r.Current, r.Shadow, r.Points, r.ShadowPoints, r.Applied, r.At.UtcTicks);

        /// <summary>Of two reports of a customer, the one further into the journal counts, and at the same place the
        /// later one (the clock moves stars on a rating day without any event).</summary>
        public bool Supersedes(Kept earlier) => Applied > earlier.Applied || (Applied == earlier.Applied && AtTicks >= earlier.AtTicks);

        /// <summary>The same pair and points: it would move no count and no move.</summary>
        public bool SameStanding(Kept other) =>
            Current == other.Current && Shadow == other.Shadow && Points == other.Points && ShadowPoints == other.ShadowPoints;

        public bool Moves => Current != Shadow;

        public ImpactMove Move(string customerId) => new(customerId, Current, Shadow, Points, ShadowPoints);
    }

    public Task<RuleImpact> GetImpact() => Task.FromResult(Impact());

    private RuleImpact Impact()
    {
        long up = 0, down = 0, same = 0;
        var cells = new List<ImpactCell>();
        for (int from = 0; from < StarValues; from++)
            for (int to = 0; to < StarValues; to++)
            {
                long n = _cells[from, to];
                if (n == 0) continue;
                cells.Add(new ImpactCell((Star)from, (Star)to, n));
                if (to > from) up += n; else if (to < from) down += n; else same += n;
            }
        return new RuleImpact
        {
            Version = Version, Customers = _last.Count, Up = up, Down = down, Same = same, Transitions = cells,
            LargestMoves = [.. _moves.Take(LargestMoves)],
            AsOf = clock.GetUtcNow(),
            Seed = _seedState ?? new ImpactSeed { State = ImpactSeedState.Running, StartedAt = clock.GetUtcNow(), Customers = 0 },
        };
    }

    /// <summary>Most star levels moved first, then the largest change of points, then the customer id (a total order,
    /// so equal moves of different customers are all kept).</summary>
    private sealed class ByMove : IComparer<ImpactMove>
    {
        public static readonly ByMove Instance = new();

        public int Compare(ImpactMove? a, ImpactMove? b)
        {
            int c = Levels(b!).CompareTo(Levels(a!));
            if (c != 0) return c;
            c = Math.Abs(b!.ShadowPoints - b.Points).CompareTo(Math.Abs(a!.ShadowPoints - a.Points));
            return c != 0 ? c : string.CompareOrdinal(a.CustomerId, b.CustomerId);
        }

        private static int Levels(ImpactMove m) => Math.Abs(Rank(m.To) - Rank(m.From));

        /// <summary>Levels in order: unrated, quasi, 3 … 7 are 0 … 6 steps.</summary>
        private static int Rank(Star star) => star switch { Star.Unrated => 0, Star.Quasi => 1, _ => (int)star - 1 };
    }
}
