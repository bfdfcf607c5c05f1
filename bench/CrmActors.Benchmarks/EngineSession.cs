using System.Diagnostics;
using System.Globalization;

namespace CrmActors.Benchmarks;

/// <summary>A real engine process (embedded default) on 127.0.0.1 with an ingest client, and the CPU time its
/// process tree has used (<c>dotnet run</c> and the engine it starts), read from /proc.</summary>
internal sealed class EngineSession : IAsyncDisposable
{
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
    /// <param name="siloPorts">The silo and gateway ports (a restart on the same ones); fresh ones when null.</param>
    public static async Task<EngineSession> StartAsync(string? postgres = null, string? root = null, (int Silo, int Gateway)? siloPorts = null)
    {
        int port = ApiBenchmark.FreePort();
        var engine = ApiBenchmark.StartEngine(root ?? ApiBenchmark.FindRepositoryRoot(), port, postgres, siloPorts);
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
    public double CpuSeconds() => ProcessTreeCpu.Seconds(_engine.Id);

    public ValueTask DisposeAsync()
    {
        try { _engine.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _engine.WaitForExit(10_000);
        _engine.Dispose();
        Http.Dispose();
        return ValueTask.CompletedTask;
    }
}
