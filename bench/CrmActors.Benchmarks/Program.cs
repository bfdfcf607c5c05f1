using CrmActors.Benchmarks;

// Usage: dotnet run -c Release --project bench/CrmActors.Benchmarks -- [ledger|state|api|memory|push|all] [--resident 100000] [--history 30] [--batch 1000] [--concurrency 8] [--customers N] [--events N] [--late 0.01] [--samples 200] [--rate 10000]
//        ... -- memory --resident N --json     also prints one line "RESULT {json}" (the report runs each size so, in a fresh process)
//        ... -- report [--scale quick|full]    every benchmark in sequence, one table against the targets, artifacts/bench-report.json
//                                              and .md, and the load chart docs/benchmarks/load.png (quick: minutes; full: the sizes)
//        ... -- chart                          redraws docs/benchmarks/load.png from artifacts/bench-report.json
string mode = args.Length > 0 && !args[0].StartsWith("--") ? args[0] : "all";
int customers = Option("--customers", 10_000);
int events = Option("--events", 1_000_000);
double late = double.Parse(OptionText("--late") ?? "0.01", System.Globalization.CultureInfo.InvariantCulture);

Console.WriteLine($"CrmActors benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");
if (mode is "chart")
{
    ReportBenchmark.RedrawChart();
    return;
}
if (mode is "report")
{
    string scale = OptionText("--scale") ?? "quick";
    await ReportBenchmark.Run(scale switch
    {
        "quick" => ReportScale.Quick,
        "full" => ReportScale.Full,
        _ => throw new ArgumentException($"--scale {scale}: quick or full"),
    });
    return;
}
if (mode is "state" or "all")
{
    StateSizeBenchmark.Run();
    LedgerMemoryBenchmark.Run(20_000, Option("--history", 30));
}
if (mode is "api" or "all") await ApiBenchmark.Run(customers, Math.Min(events, 500_000), Option("--batch", 1_000), Option("--concurrency", 8));
if (mode is "push" or "all") await PushLatencyBenchmark.Run(Option("--samples", 200), Option("--rate", 10_000));
if (mode is "memory" or "all")
{
    var memory = await MemoryBenchmark.Run(Option("--resident", 100_000), Option("--history", 30));
    if (args.Contains("--json")) Console.WriteLine("RESULT " + System.Text.Json.JsonSerializer.Serialize(memory, ReportBenchmark.Json).ReplaceLineEndings(" "));
}
if (mode is "ledger" or "all")
{
    LedgerBenchmark.Run(customers, events, 0);
    LedgerBenchmark.Run(customers, events, late);
}

int Option(string name, int fallback) => OptionText(name) is { } v ? int.Parse(v) : fallback;
string? OptionText(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
