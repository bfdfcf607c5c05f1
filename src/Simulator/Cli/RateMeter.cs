using System.Diagnostics;

namespace CrmActors.Simulator.Cli;

/// <summary>Events per second over the last few seconds, from readings of a growing counter.</summary>
public sealed class RateMeter
{
    private readonly TimeSpan _window;
    private readonly Queue<(long Ticks, long Count)> _samples = new();

    /// <summary>Starts counting from zero now, so the first reading is the rate since the start.</summary>
    public RateMeter(TimeSpan window)
    {
        _window = window;
        _samples.Enqueue((Stopwatch.GetTimestamp(), 0));
    }

    public double Read(long count)
    {
        long now = Stopwatch.GetTimestamp();
        _samples.Enqueue((now, count));
        long horizon = now - (long)(_window.TotalSeconds * Stopwatch.Frequency);
        while (_samples.Count > 2 && _samples.Peek().Ticks < horizon) _samples.Dequeue();
        var (t0, c0) = _samples.Peek();
        double seconds = (now - t0) / (double)Stopwatch.Frequency;
        return seconds <= 0 ? 0 : (count - c0) / seconds;
    }
}
