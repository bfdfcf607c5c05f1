using CrmActors.Simulator.Cli;
using Spectre.Console;

// dotnet run -c Release --project src/Simulator -- <generate|send|verify|stats> [options]   (src/Simulator/README.md)
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C: stop sending and report what was done; a second one ends the process.
    if (cancellation.IsCancellationRequested) return;
    e.Cancel = true;
    cancellation.Cancel();
};
// Redirected output (a log, CI) has no terminal width; wide enough that the tables do not wrap.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 140;
return await new CliApp().RunAsync(args, cancellation.Token);
