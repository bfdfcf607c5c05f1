using Spectre.Console;

namespace CrmActors.Simulator.Cli;

/// <summary>A progress bar with a live line of figures while <c>work</c> runs: Spectre's live display on a terminal,
/// a plain line every few seconds when the output is redirected (logs, CI), nothing when quiet.</summary>
public static class ProgressView
{
    public readonly record struct Reading(long Value, long? Max, string Figures);

    public static async Task<T> RunAsync<T>(IAnsiConsole console, string title, bool quiet, Func<Reading> read, Task<T> work)
    {
        if (quiet)
            return await work;
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
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: 1);
                void Update()
                {
                    var r = read();
                    if (r.Max is { } max && max > 0)
                    {
                        task.IsIndeterminate = false;
                        task.MaxValue = max;
                        task.Value = Math.Min(r.Value, max);
                    }
                    else
                    {
                        task.IsIndeterminate = true;
                    }
                    task.Description = Markup.Escape($"{title} {r.Value:N0}  {r.Figures}");
                }
                while (await Task.WhenAny(work, Task.Delay(250)) != work) Update();
                Update();
                if (!work.IsFaulted && !work.IsCanceled) task.Value = task.MaxValue;
                task.StopTask();
            });
        return await work;
    }
}
