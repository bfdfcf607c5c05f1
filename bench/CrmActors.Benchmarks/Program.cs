using CrmActors.Benchmarks;

// Usage: dotnet run -c Release --project bench/CrmActors.Benchmarks -- [ledger|state|api|memory|push|all] [--resident 100000] [--history 30] [--batch 1000] [--concurrency 8] [--customers N] [--events N] [--late 0.01] [--samples 200] [--rate 10000]
//        ... -- memory --resident N --json     also prints one line "RESULT {json}" (the report runs each size so, in a fresh process)
//        ... -- memory --resident N --shadow   with one rule set version proposed first (issue 12)
//        ... -- memory --resident N --seed     then a version proposed and its impact seeded over the resident customers
//        ... -- report [--scale quick|full]    every benchmark in sequence, one table against the targets, artifacts/bench-report.json
//                                              and .md, and the load chart docs/benchmarks/load.png (quick: minutes; full: the sizes)
//        ... -- chart                          redraws docs/benchmarks/load.png from artifacts/bench-report.json
//        ... -- wrk [--mode embedded|postgres] [--seconds 60] [--warmup 40] [--connections 8] [--threads 2] [--batch 1000]
//               [--customers 100000] [--engine-root <checkout>] [--shadow]
//                                              wrk (Debian; installed when missing) posts batches at a real engine process;
//                                              acknowledged and applied events/s, ack latency, engine CPU and allocated B per
//                                              event; postgres mode on a PostgreSQL with fsync=on (port 55450); --engine-root
//                                              runs another checkout's engine (a before/after comparison); --shadow
//                                              proposes a rule set version first, so every customer computes it too
//        ... -- delivery [--customers 10000] [--events 300000]
//                                              the journal's dispatchers vs Orleans persistent streams (pulling agents) into
//                                              customer grains, in one silo
//        ... -- outlook [--customers 20000] [--history 30] [--events 400000]
//                                              the tier outlook's cost: µs per projection; memory per resident customer and
//                                              live events/s through customer grains with the at-risk list and detectors on/off
//        ... -- shadow [--customers 10000] [--events 500000]
//                                              one pending rule set version on vs off: events/s and retained bytes per
//                                              expanded customer in the pure library (issue 12)
//        ... -- impact [--customers 1000000] [--history 30]
//                                              PostgreSQL mode (fsync=on): a proposed version's impact seeded over that many
//                                              stored customers (time, customers/s, CPU), then the time to read it (issue 12)
//        ... -- lag [--mode embedded|postgres] [--rate 10000] [--seconds 60] [--engine-root <checkout>]
//                                              202 -> visible in GET under a paced background load
//        ... -- rebuild [--customers 1000000] [--sample 100000]
//                                              PostgreSQL mode (fsync=on): kill -9 at the last 202 of a population, then the
//                                              time until every event is applied and every customer read back, and the rate
//                                              of first activations (storage read + journal replay) of cold customers
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
if (mode is "wrk")
{
    await WrkBenchmark.Run(new WrkBenchmark.Options(OptionText("--mode") ?? "embedded", Option("--seconds", 60), Option("--warmup", 40),
        Option("--connections", 8), Option("--threads", 2), Option("--batch", 1_000), Option("--customers", 100_000), OptionText("--engine-root"))
        { Shadow = args.Contains("--shadow") });
    return;
}
if (mode is "lag")
{
    await LagBenchmark.Run(OptionText("--mode") ?? "embedded", Option("--rate", 10_000), Option("--seconds", 60), OptionText("--engine-root"));
    return;
}
if (mode is "rebuild")
{
    await RebuildBenchmark.Run(Option("--customers", 1_000_000), Option("--sample", 100_000));
    return;
}
if (mode is "outlook")
{
    await OutlookBenchmark.Run(Option("--customers", 20_000), Option("--history", 30), Option("--events", 400_000));
    return;
}
if (mode is "impact")
{
    await ImpactSeedBenchmark.Run(Option("--customers", 1_000_000), Option("--history", 30));
    return;
}
if (mode is "shadow")
{
    ShadowBenchmark.Run(customers, Math.Min(events, 500_000));
    return;
}
if (mode is "delivery")
{
    await DeliveryBenchmark.Run(customers, Math.Min(events, 300_000));
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
    var memory = await MemoryBenchmark.Run(Option("--resident", 100_000), Option("--history", 30), args.Contains("--shadow"), args.Contains("--seed"));
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
