using System.Diagnostics;

namespace CrmActors.Screens.Tests.Support;

/// <summary>Prometheus' promtool from Debian's prometheus package, installed on first use by scripts/promtool.sh
/// (idempotent; ./test.sh runs it too). Missing and not installable fails the test with the way to install it.</summary>
public static class Promtool
{
    private static readonly Lazy<Task<string>> Executable = new(InstallAsync);

    /// <summary><c>promtool check metrics</c> on <paramref name="exposition"/>: its exit code and what it printed.</summary>
    public static async Task<(int Exit, string Output)> CheckMetricsAsync(string exposition)
    {
        var (exit, output, errors) = await RunAsync(await Executable.Value, exposition, "check", "metrics");
        return (exit, output + errors);
    }

    private static async Task<string> InstallAsync()
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "promtool.sh");
        var (exit, output, errors) = await RunAsync(script, null);
        Assert.True(exit == 0, $"scripts/promtool.sh exited {exit}: {errors} (as root: scripts/promtool.sh, or apt-get install prometheus)");
        return output.Trim().Split('\n')[^1];
    }

    private static async Task<(int, string, string)> RunAsync(string file, string? input, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CrmActors.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No CrmActors.sln above {AppContext.BaseDirectory}");
    }
}
