using CrmActors.Abstractions.Rules;
using CrmActors.Scoring;

namespace CrmActors.Grains.Rules;

/// <summary>Running counts of one pending version's impact (<see cref="IRuleImpactGrain"/>). Per customer it keeps the
/// last pair reported (so a repeated report counts once); the counts per cell and the ordered set of customers who
/// move are updated by the difference, so reading the impact never visits the customers.</summary>
/// <remarks>Kept in memory and kept alive while the version is pending: customers report again when their pair
/// changes and on their first computation in a new activation, so a lost activation of this grain fills up again as
/// customers are used. One grain per version: the reports of a million customers are one small one-way message each
/// when their pair changes, not per event.</remarks>
public sealed class RuleImpactGrain(TimeProvider clock) : Grain, IRuleImpactGrain
{
    public const int LargestMoves = 100;
    private const int StarValues = 8;   // Star values 0 … 7 index the table

    private readonly Dictionary<string, ImpactReport> _last = new(StringComparer.Ordinal);
    private readonly long[,] _cells = new long[StarValues, StarValues];
    private readonly SortedSet<ImpactReport> _moves = new(ByMove.Instance);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(TimeSpan.FromDays(365));
        return Task.CompletedTask;
    }

    public Task Report(ImpactReport report)
    {
        if (_last.TryGetValue(report.CustomerId, out var before))
        {
            if (before == report) return Task.CompletedTask;
            _cells[(int)before.Current, (int)before.Shadow]--;
            if (before.Current != before.Shadow) _moves.Remove(before);
        }
        _last[report.CustomerId] = report;
        _cells[(int)report.Current, (int)report.Shadow]++;
        if (report.Current != report.Shadow) _moves.Add(report);
        return Task.CompletedTask;
    }

    public Task<RuleImpact> GetImpact()
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
        return Task.FromResult(new RuleImpact
        {
            Version = this.GetPrimaryKeyString(), Customers = _last.Count, Up = up, Down = down, Same = same, Transitions = cells,
            LargestMoves = [.. _moves.Take(LargestMoves).Select(m => new ImpactMove(m.CustomerId, m.Current, m.Shadow, m.Points, m.ShadowPoints))],
            AsOf = clock.GetUtcNow(),
        });
    }

    /// <summary>Most star levels moved first, then the largest change of points, then the customer id (a total order,
    /// so equal moves of different customers are all kept).</summary>
    private sealed class ByMove : IComparer<ImpactReport>
    {
        public static readonly ByMove Instance = new();

        public int Compare(ImpactReport? a, ImpactReport? b)
        {
            int c = Levels(b!).CompareTo(Levels(a!));
            if (c != 0) return c;
            c = Math.Abs(b!.ShadowPoints - b.Points).CompareTo(Math.Abs(a!.ShadowPoints - a.Points));
            return c != 0 ? c : string.CompareOrdinal(a.CustomerId, b.CustomerId);
        }

        private static int Levels(ImpactReport r) => Math.Abs(Rank(r.Shadow) - Rank(r.Current));

        /// <summary>Levels in order: unrated, quasi, 3 … 7 are 0 … 6 steps.</summary>
        private static int Rank(Star star) => star switch { Star.Unrated => 0, Star.Quasi => 1, _ => (int)star - 1 };
    }
}
