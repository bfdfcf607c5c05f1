using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using CrmActors.Durability.Tests.Support;

namespace CrmActors.Durability.Tests;

/// <summary>Issue 9, item 7, end to end: the API process in a durable mode (Postgres, one process) with demo
/// identities refuses to start in the Production environment (the default) and starts, with a warning, in
/// Development — how deploy/local/cluster.sh and the durable measurements run it.</summary>
[Collection(DurabilityCollection.Name)]
public sealed class DemoEnvironmentTests(DurabilityFixture fixture)
{
    [Fact]
    public async Task Demo_identities_in_a_durable_mode_refuse_to_start_in_production()
    {
        var cs = await fixture.Postgres.NewSchemaAsync("demo");
        var (args, _) = Arguments(cs);

        var result = await Shell.RunAsync("dotnet", args, Environment("Production"), TimeSpan.FromMinutes(2),
            Path.GetDirectoryName(Repo.ApiDll));

        Assert.NotEqual(0, result.ExitCode);
        var output = result.Output + result.Error;
        Assert.Contains("refuses to start", output);
        Assert.Contains("Hosting:Demo is true", output);
    }

    [Fact]
    public async Task Demo_identities_in_a_durable_mode_start_in_development_with_a_warning()
    {
        var cs = await fixture.Postgres.NewSchemaAsync("demo");
        var (args, uri) = Arguments(cs);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(Repo.ApiDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (key, value) in Environment("Development")) start.Environment[key] = value;
        var output = new StringBuilder();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Delivery.ApisReadyAsync([uri], TimeSpan.FromMinutes(2));
            using var http = new HttpClient { BaseAddress = uri };
            var signIn = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = "admin", password = "demo" });
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            lock (output) Assert.Contains("Allowed only because the environment is Development", output.ToString());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static Dictionary<string, string> Environment(string name) =>
        new() { ["DOTNET_ENVIRONMENT"] = name, ["ASPNETCORE_ENVIRONMENT"] = name };

    private static (string[] Args, Uri Uri) Arguments(string connectionString)
    {
        var ports = FreePorts(3);
        string[] args =
        [
            Repo.ApiDll, "--Hosting:Mode", "Postgres", "--Postgres:ConnectionString", connectionString, "--Hosting:Demo", "true",
            "--urls", $"http://127.0.0.1:{ports[0]}", "--Orleans:SiloPort", $"{ports[1]}", "--Orleans:GatewayPort", $"{ports[2]}",
        ];
        return (args, new Uri($"http://127.0.0.1:{ports[0]}"));
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        foreach (var l in listeners) l.Start();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var l in listeners) l.Stop();
        return ports;
    }
}
