using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CrmActors.Durability.Tests.Support;

/// <summary>A real cluster of silo and API processes, driven through <c>deploy/local/cluster.sh</c> (the same script
/// an operator uses) with the dlls this build made, on free ports, in a run directory of its own.</summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private bool _stopped;

    private LocalCluster(string runDirectory, int silos, int apis, int portBase, Dictionary<string, string> environment)
    {
        RunDirectory = runDirectory;
        Silos = silos;
        Apis = apis;
        PortBase = portBase;
        _environment = environment;
    }

    public string RunDirectory { get; }
    public int Silos { get; }
    public int Apis { get; }
    public int PortBase { get; }

    public int SiloPort(int n) => PortBase + n - 1;
    public int GatewayPort(int n) => PortBase + 20 + n - 1;
    public Uri Api(int n) => new($"http://127.0.0.1:{PortBase + 40 + n - 1}");
    /// <summary>Silo n's /metrics listener (Metrics:Port).</summary>
    public Uri SiloMetrics(int n) => new($"http://127.0.0.1:{PortBase + 60 + n - 1}/metrics");
    public IReadOnlyList<Uri> ApiUris => [.. Enumerable.Range(1, Apis).Select(Api)];

    /// <summary>Starts <paramref name="silos"/> silos, then <paramref name="apis"/> API nodes (Hosting:Mode Client),
    /// and returns once every API answers /health/ready.</summary>
    public static async Task<LocalCluster> StartAsync(string connectionString, int silos, int apis, string? extraArgs = null)
    {
        int portBase = FreePortBase(80);
        var runDirectory = Path.Combine(Path.GetTempPath(), $"crm-dur-{Guid.NewGuid():N}"[..17]);
        var environment = new Dictionary<string, string>
        {
            ["CRM_RUN_DIR"] = runDirectory,
            ["CRM_PG"] = connectionString,
            ["CRM_SILOS"] = silos.ToString(CultureInfo.InvariantCulture),
            ["CRM_APIS"] = apis.ToString(CultureInfo.InvariantCulture),
            ["CRM_SILO_PORT_BASE"] = portBase.ToString(CultureInfo.InvariantCulture),
            ["CRM_GATEWAY_PORT_BASE"] = (portBase + 20).ToString(CultureInfo.InvariantCulture),
            ["CRM_API_PORT_BASE"] = (portBase + 40).ToString(CultureInfo.InvariantCulture),
            ["CRM_METRICS_PORT_BASE"] = (portBase + 60).ToString(CultureInfo.InvariantCulture),
            // The durability figures are measured without Orleans' dashboard profiling every grain call.
            ["CRM_DASHBOARD"] = "false",
            ["CRM_SILO_DLL"] = Repo.SiloDll,
            ["CRM_API_DLL"] = Repo.ApiDll,
            ["CRM_PROCESS_ARGS"] = extraArgs ?? "",
        };
        var cluster = new LocalCluster(runDirectory, silos, apis, portBase, environment);
        try
        {
            await cluster.ScriptAsync(TimeSpan.FromMinutes(8), "start");
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    public Task Kill9Async(string kind, int n) => ScriptAsync(TimeSpan.FromSeconds(30), "kill9", kind, n.ToString(CultureInfo.InvariantCulture));

    public Task RestartAsync(string kind, int n) => ScriptAsync(TimeSpan.FromMinutes(5), "restart", kind, n.ToString(CultureInfo.InvariantCulture));

    public async Task<string> StatusAsync() => (await Shell.RunAsync("bash", [Repo.ClusterScript, "status"], _environment)).Output;

    /// <summary>The last lines of one process's log, for a failure message.</summary>
    public string LogTail(string kind, int n, int lines = 60)
    {
        var file = Path.Combine(RunDirectory, $"{kind}-{n}.log");
        return File.Exists(file) ? string.Join('\n', File.ReadLines(file).TakeLast(lines)) : "(no log)";
    }

    public string AllLogTails(int lines = 30) => string.Join("\n", Enumerable.Range(1, Silos).Select(n => $"--- silo {n}\n{LogTail("silo", n, lines)}")
        .Concat(Enumerable.Range(1, Apis).Select(n => $"--- api {n}\n{LogTail("api", n, lines)}")));

    private async Task ScriptAsync(TimeSpan timeout, params string[] args)
    {
        var result = await Shell.RunAsync("bash", [Repo.ClusterScript, .. args], _environment, timeout);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"cluster.sh {string.Join(' ', args)} failed ({result.ExitCode}):\n{result.Error}\n{AllLogTails()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped) return;
        _stopped = true;
        try
        {
            await Shell.RunAsync("bash", [Repo.ClusterScript, "stop"], _environment, TimeSpan.FromMinutes(2));
        }
        finally
        {
            // Whatever the script managed: no process of this cluster outlives the test.
            foreach (var pidFile in Directory.Exists(RunDirectory) ? Directory.GetFiles(RunDirectory, "*.pid") : [])
            {
                if (int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) && IsOurs(pid))
                {
                    try
                    {
                        using var process = System.Diagnostics.Process.GetProcessById(pid);
                        process.Kill();
                    }
                    catch (ArgumentException) { } // gone already
                    catch (InvalidOperationException) { }
                }
            }
            if (Environment.GetEnvironmentVariable("CRM_TEST_KEEP_RUN") != "1")
            {
                try { Directory.Delete(RunDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }

    /// <summary>Only a process of this cluster: its command line names a cluster instance and one of our ports.</summary>
    private bool IsOurs(int pid)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return commandLine.Contains("--crm-instance", StringComparison.Ordinal)
                && Enumerable.Range(PortBase, 60).Any(p => commandLine.Contains($" {p} ", StringComparison.Ordinal)
                    || commandLine.Contains($":{p} ", StringComparison.Ordinal));
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>A base port whose next <paramref name="count"/> ports are all free on 127.0.0.1 now.</summary>
    private static int FreePortBase(int count)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            int candidate = Random.Shared.Next(20_000, 45_000);
            if (Enumerable.Range(candidate, count).All(IsFree)) return candidate;
        }
        throw new InvalidOperationException("No free port range found.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
