namespace CrmActors.Simulator.Sending;

/// <summary>Acknowledgement latencies (milliseconds), thread-safe; percentiles by sorting a copy (a run has at most a
/// few hundred thousand batches, so a sorted copy once a second is cheap).</summary>
public sealed class LatencyStats
{
    private readonly Lock _gate = new();
    private readonly List<double> _values = [];

    public void Add(double milliseconds)
    {
        lock (_gate) _values.Add(milliseconds);
    }

    public int Count
    {
        get { lock (_gate) return _values.Count; }
    }

    public Percentiles Snapshot()
    {
        double[] sorted;
        lock (_gate) sorted = [.. _values];
        Array.Sort(sorted);
        return Percentiles.Of(sorted);
    }
}

/// <summary>p50/p90/p99/max of a sorted sample (nearest rank); all zero when empty.</summary>
public readonly record struct Percentiles(int Count, double P50, double P90, double P99, double Max)
{
    public static Percentiles Of(double[] sorted)
    {
        if (sorted.Length == 0) return default;
        double At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(sorted.Length, At(0.50), At(0.90), At(0.99), sorted[^1]);
    }
}
