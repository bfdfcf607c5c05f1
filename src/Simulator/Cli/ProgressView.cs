using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CrmActors.Simulator.Cli;

/// <summary>A progress bar with a live line of figures under it while <c>work</c> runs: redrawn in place on a terminal
/// (Spectre's live display), a plain line every few seconds when the output is redirected (logs, CI), nothing when
/// quiet.</summary>
public static class ProgressView
{
    /// <param name="Value">Done so far.</param>
    /// <param name="Max">The total, when known (else the bar runs without a percentage).</param>
    /// <param name="Figures">The live figures (rate, latency, retries…).</param>
    public readonly record struct Reading(long Value, long? Max, string Figures);

    private const int BarWidth = 30;

    public static async Task<T> RunAsync<T>(IAnsiConsole console, string title, bool quiet, Func<Reading> read, Task<T> work)
    {
        if (quiet)
            return await work;
        var clock = Stopwatch.StartNew();
        if (!console.Profile.Capabilities.Interactive)
        {
            var interval = TimeSpan.FromSeconds(2);
            while (await Task.WhenAny(work, Task.Delay(interval)) != work)
            {
                var r = read();
                string of = r.Max is { } max && max > 0 ? $"{r.Value:N0}/{max:N0} ({100.0 * r.Value / max:0}%)" : $"{r.Value:N0}";
                console.WriteLine($"{title}: {of}  {r.Figures}");
            }
            return await work;
        }
        await console.Live(Render(title, read(), clock.Elapsed, 0))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async ctx =>
            {
                int frame = 0;
                while (await Task.WhenAny(work, Task.Delay(250)) != work)
                {
                    ctx.UpdateTarget(Render(title, read(), clock.Elapsed, ++frame));
                    ctx.Refresh();
                }
                var last = read();
                if (work.IsCompletedSuccessfully && last.Max is null) last = last with { Max = last.Value };
                ctx.UpdateTarget(Render(title, last, clock.Elapsed, frame));
                ctx.Refresh();
            });
        return await work;
    }

    private static IRenderable Render(string title, Reading r, TimeSpan elapsed, int frame)
    {
        string bar, of, left = "";
        if (r.Max is { } max && max > 0)
        {
            double done = Math.Clamp(r.Value / (double)max, 0, 1);
            int filled = (int)Math.Round(done * BarWidth);
            bar = $"[green]{new string('━', filled)}[/][grey]{new string('━', BarWidth - filled)}[/]";
            of = $"{100 * done,3:0}%  {r.Value:N0}/{max:N0}";
            if (done is > 0.01 and < 1)
                left = $"  ~{Clock(TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - done) / done))} left";
        }
        else
        {
            // Total unknown (a bank generated on the fly): a block that sweeps across the bar.
            int at = frame % (2 * (BarWidth - 4));
            if (at >= BarWidth - 4) at = 2 * (BarWidth - 4) - at;
            bar = $"[grey]{new string('━', at)}[/][green]━━━━[/][grey]{new string('━', BarWidth - 4 - at)}[/]";
            of = $"{r.Value:N0}";
        }
        return new Rows(
            new Markup($"{Markup.Escape(title)} {bar} {Markup.Escape(of)}  {Clock(elapsed)}{Markup.Escape(left)}"),
            new Markup($"  {Markup.Escape(r.Figures)}"));
    }

    private static string Clock(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss") : t.ToString(@"mm\:ss");
}
