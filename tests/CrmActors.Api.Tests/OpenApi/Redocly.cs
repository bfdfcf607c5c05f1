using System.Diagnostics;

namespace CrmActors.Api.Tests.OpenApi;

/// <summary>The pinned Redocly CLI of tools/redocly, installed on first use by scripts/redocly.sh (idempotent).</summary>
public static class Redocly
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private static readonly Lazy<Task<string>> Executable = new(InstallAsync);

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Runs the CLI in <paramref name="directory"/>: exit code, standard output, standard error.</summary>
    public static async Task<(int Exit, string Output, string Errors)> RunAsync(string directory, params string[] args) =>
        await ProcessAsync(await Executable.Value, directory, args);

    private static async Task<string> InstallAsync()
    {
        var (exit, output, errors) = await ProcessAsync(Path.Combine(RepositoryRoot, "scripts", "redocly.sh"), RepositoryRoot);
        Assert.True(exit == 0, $"scripts/redocly.sh exited {exit}: {errors}");
        return output.Trim().Split('\n')[^1];
    }

    private static async Task<(int, string, string)> ProcessAsync(string file, string directory, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true", ["NO_COLOR"] = "1" },
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {Timeout.TotalMinutes} minutes");
        }
        return (process.ExitCode, await output, await errors);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CrmActors.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No CrmActors.sln above {AppContext.BaseDirectory}");
    }
}
