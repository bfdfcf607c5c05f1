namespace CrmActors.Benchmarks;

/// <summary>One window of the push benchmark. Milliseconds; null when nothing was measured (e.g. no chromium).</summary>
internal sealed record PushWindow(
    string Label,
    int Alerts,
    int NotReceived,
    double? BackgroundEventsPerSecond,
    double IngestAckP50Ms,
    double IngestAckP99Ms,
    double AckToClientP50Ms,
    double AckToClientP99Ms,
    double SendToClientP50Ms,
    double SendToClientP99Ms,
    double? AckToRenderedP50Ms,
    double? AckToRenderedP99Ms);

/// <summary>The push benchmark: at light load and with background ingest at <c>BackgroundRate</c> events/s.</summary>
internal sealed record PushResult(int BackgroundRate, PushWindow Light, PushWindow Loaded);
