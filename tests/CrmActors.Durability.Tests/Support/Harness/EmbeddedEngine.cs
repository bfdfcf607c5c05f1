using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CrmActors.Durability.Tests.Support.Harness;

/// <summary>The engine on its embedded default, as a real process: the API dll with no Hosting:Mode (one process,
/// co-hosted silo, in-memory journal, demo identities), on free ports; killed (this process only) when disposed.</summary>
public sealed class EmbeddedEngine : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();

    private EmbeddedEngine(Process process, Uri api)
    {
        _process = process;
        Api = api;
    }

    public Uri Api { get; }

    public string LogTail => string.Join('\n', _log);

    public static async Task<EmbeddedEngine> StartAsync(params string[] extraArgs)
    {
        var ports = FreePorts(3);
        var api = new Uri($"http://127.0.0.1:{ports[0]}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(Repo.ApiDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])[Repo.ApiDll, "--urls", api.ToString().TrimEnd('/'), "--Orleans:SiloPort", $"{ports[1]}", "--Orleans:GatewayPort", $"{ports[2]}",
                     "--Logging:LogLevel:Default", "Warning", .. extraArgs])
            start.ArgumentList.Add(a);
        var process = new Process { StartInfo = start };
        var engine = new EmbeddedEngine(process, api);
        process.OutputDataReceived += (_, e) => engine.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => engine.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var deadline = Stopwatch.StartNew();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            while (true)
            {
                if (process.HasExited) throw new InvalidOperationException($"The embedded engine exited ({process.ExitCode}):\n{engine.LogTail}");
                try
                {
                    using var response = await http.GetAsync(new Uri(api, "/health/ready"));
                    if (response.IsSuccessStatusCode) return engine;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { }
                if (deadline.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException($"The embedded engine is not ready after 3 minutes:\n{engine.LogTail}");
                await Task.Delay(200);
            }
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _log.Enqueue(line);
        while (_log.Count > 200) _log.TryDequeue(out _);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException) { }
        catch (TimeoutException) { }
        _process.Dispose();
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var l in listeners) l.Start();
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var l in listeners) l.Stop();
        }
    }
}
