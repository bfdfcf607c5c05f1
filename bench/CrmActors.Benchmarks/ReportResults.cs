namespace CrmActors.Benchmarks;

/// <summary>The durable (PostgreSQL mode) throughput run of the Measure tool; <c>Unavailable</c> says why when it
/// could not run (no PostgreSQL, the tool failed).</summary>
internal sealed record DurableResult(int Events, int Customers, double? AcknowledgedPerSecond, double? AppliedPerSecond,
    double? AckP50Ms, double? AckP99Ms, string? Unavailable);

/// <summary>One line of the report table, with the target it is held against when there is one.</summary>
internal sealed record ReportRow(string Area, string Measure, string Figure, string Target = "", string Verdict = "");

/// <summary>The machine the report ran on.</summary>
internal sealed record MachineInfo(int Cores, string Dotnet, string Os, bool ServerGc, string LoadAverageStart, string LoadAverageEnd);

/// <summary>Everything the report measured, as written to artifacts/bench-report.json.</summary>
internal sealed record BenchReport(
    string Scale,
    DateTimeOffset Started,
    double Minutes,
    MachineInfo Machine,
    IReadOnlyList<ReportRow> Rows,
    LedgerResult? Ceiling,
    ApiRun? Embedded,
    DurableResult? Durable,
    PushResult? Push,
    IReadOnlyList<MemoryResult> Memory,
    IReadOnlyList<ApiRun> Scaling,
    IReadOnlyList<ApiResult> LoadCurve);

/// <summary>The sizes of a report run: <c>quick</c> to check the harness in a few minutes, <c>full</c> the sizes.</summary>
internal sealed record ReportScale(
    string Name,
    int ApiCustomers, int ApiEvents,
    int DurableCustomers, int DurableEvents,
    int PushSamples, int PushRate,
    int[] MemoryCustomers, int MemoryHistory,
    int LedgerCustomers, int LedgerEvents,
    int[] ScalingCustomers, int ScalingEvents,
    int CurveCustomers, int[] CurveRates, double CurveSeconds, int CurveUnpacedEvents, int CurveBatch)
{
    public static ReportScale Quick { get; } = new("quick",
        10_000, 100_000,
        10_000, 50_000,
        50, 10_000,
        [20_000, 50_000], 30,
        10_000, 200_000,
        [2_000, 20_000], 200_000,
        10_000, [5_000, 10_000, 20_000, 40_000, 80_000], 3, 100_000, 500);

    public static ReportScale Full { get; } = new("full",
        10_000, 500_000,
        100_000, 300_000,
        200, 10_000,
        [100_000, 1_000_000], 30,
        10_000, 1_000_000,
        [10_000, 100_000, 1_000_000], 3_000_000,
        10_000, [5_000, 10_000, 20_000, 40_000, 80_000], 10, 500_000, 500);
}
