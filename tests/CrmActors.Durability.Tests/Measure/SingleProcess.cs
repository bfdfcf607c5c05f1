using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CrmActors.Durability.Tests.Support;

namespace CrmActors.Durability.Measure;

/// <summary>The README's durable single-process command as a process: src/Api with Hosting:Mode Postgres (API and
/// silo in one process).</summary>
public sealed class SingleProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SingleProcess(Process process, Uri uri)
    {
        _process = process;
        Uri = uri;
    }

    public Uri Uri { get; }
    public int Pid => _process.Id;

    public static async Task<SingleProcess> StartAsync(string connectionString)
    {
        var ports = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        foreach (var l in ports) l.Start();
        var p = ports.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var l in ports) l.Stop();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(Repo.ApiDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Demo identities are refused in the Production environment; Development only warns.
            Environment = { ["DOTNET_ENVIRONMENT"] = "Development", ["ASPNETCORE_ENVIRONMENT"] = "Development" },
        };
        foreach (var a in new[] { Repo.ApiDll, "--Hosting:Mode", "Postgres", "--Postgres:ConnectionString", connectionString,
                     "--Hosting:Demo", "true", "--urls", $"http://127.0.0.1:{p[0]}", "--Orleans:SiloPort", $"{p[1]}",
                     "--Orleans:GatewayPort", $"{p[2]}", "--Logging:LogLevel:Default", "Warning" })
            start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var single = new SingleProcess(process, new Uri($"http://127.0.0.1:{p[0]}"));
        await Delivery.ApisReadyAsync([single.Uri], TimeSpan.FromMinutes(2));
        return single;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
