using System.Diagnostics;
using System.Globalization;

namespace CrmActors.Benchmarks;

/// <summary>A real engine process (embedded default) on 127.0.0.1 with an ingest client, and the CPU time its
/// process tree has used (<c>dotnet run</c> and the engine it starts), read from /proc.</summary>
internal sealed class EngineSession : IAsyncDisposable
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

    private readonly Process _engine;

    private EngineSession(Process engine, HttpClient http)
    {
        _engine = engine;
        Http = http;
    }

    public HttpClient Http { get; }

    public Uri BaseAddress => Http.BaseAddress!;

    /// <param name="postgres">A connection string: the engine runs in PostgreSQL mode (one process, durable) on it;
    /// null: the embedded default.</param>
    /// <param name="root">The checkout whose src/Api runs (another worktree measures another commit).</param>
    public static async Task<EngineSession> StartAsync(string? postgres = null, string? root = null)
    {
        int port = ApiBenchmark.FreePort();
        var engine = ApiBenchmark.StartEngine(root ?? ApiBenchmark.FindRepositoryRoot(), port, postgres);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "ApiKey demo-ingest-key");
        var session = new EngineSession(engine, http);
        try
        {
            await ApiBenchmark.WaitReady(http, engine);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
        return session;
    }

    /// <summary>The engine's counters from <c>/metrics</c> (Prometheus text): the sum over a metric's series, or null
    /// when the engine does not export it.</summary>
    public async Task<Dictionary<string, double>> MetricsAsync()
    {
        var text = await Http.GetStringAsync("/metrics");
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            int space = line.LastIndexOf(' ');
            if (space < 0 || !double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) continue;
            var name = line[..space];
            int brace = name.IndexOf('{');
            if (brace >= 0) name = name[..brace];
            sums[name] = sums.GetValueOrDefault(name) + value;
        }
        return sums;
    }

    /// <summary>User + system CPU seconds of the engine's process tree so far; 0 where /proc is not there.</summary>
    public double CpuSeconds()
    {
        if (!Directory.Exists("/proc")) return 0;
        var parents = new Dictionary<int, (int Parent, long Ticks)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                if (ReadStat(pid) is { } stat) parents[pid] = stat;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        long ticks = 0;
        var queue = new Queue<int>([_engine.Id]);
        var seen = new HashSet<int>();
        while (queue.Count > 0)
        {
            int pid = queue.Dequeue();
            if (!seen.Add(pid)) continue;
            if (parents.TryGetValue(pid, out var own)) ticks += own.Ticks;
            foreach (var (child, stat) in parents)
                if (stat.Parent == pid) queue.Enqueue(child);
        }
        return ticks / ClockTicksPerSecond;
    }

    /// <summary>ppid and utime + stime of /proc/&lt;pid&gt;/stat (fields 4, 14 and 15; the name in parentheses may hold spaces).</summary>
    private static (int Parent, long Ticks)? ReadStat(int pid)
    {
        string text = File.ReadAllText($"/proc/{pid}/stat");
        int close = text.LastIndexOf(')');
        if (close < 0) return null;
        var fields = text[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state): ppid is fields[1], utime fields[11], stime fields[12].
        if (fields.Length < 13) return null;
        return (int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
    }

    public ValueTask DisposeAsync()
    {
        try { _engine.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _engine.WaitForExit(10_000);
        _engine.Dispose();
        Http.Dispose();
        return ValueTask.CompletedTask;
    }
}
