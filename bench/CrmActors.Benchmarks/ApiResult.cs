namespace CrmActors.Benchmarks;

/// <summary>One measured window of ingestion through the API: what was offered, what was acknowledged, how long a
/// batch took to be acknowledged, and what the engine process spent on it.</summary>
internal sealed record ApiResult(
    string Label,
    int Customers,
    long Events,
    int BatchSize,
    double? OfferedEventsPerSecond,
    double EventsPerSecond,
    double AckP50Ms,
    double AckP99Ms,
    long FailedBatches,
    double? EngineCpuMicrosPerEvent);

/// <summary>An <see cref="ApiBenchmark"/> run: the first batches of every customer (activation), measured apart,
/// and the steady stream after them.</summary>
internal sealed record ApiRun(ApiResult Activation, ApiResult Measured);
