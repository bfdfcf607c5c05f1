using System.Collections.Concurrent;
using System.Diagnostics;
using CrmActors.Silo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;

namespace CrmActors.Screens.Tests.Support;

/// <summary>A <see cref="ScreensHost"/> with tracing on (<see cref="Telemetry.TracingEnabledKey"/>) and its spans
/// collected in memory as they end, instead of exported over OTLP.</summary>
public sealed class TracedHost : ScreensHost
{
    // Initialised before the base constructor starts the server (and calls ConfigureWebHost).
    private readonly ConcurrentQueue<Activity> _spans = new();

    public IReadOnlyList<Activity> Spans => [.. _spans];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(Telemetry.TracingEnabledKey, "true");
        builder.ConfigureTestServices(services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(new SpanSink(_spans))));
    }

    /// <summary>The exporter's collection: the spans, appended from whatever thread ends them.</summary>
    private sealed class SpanSink(ConcurrentQueue<Activity> spans) : ICollection<Activity>
    {
        public int Count => spans.Count;
        public bool IsReadOnly => false;
        public void Add(Activity item) => spans.Enqueue(item);
        public void Clear() => spans.Clear();
        public bool Contains(Activity item) => spans.Contains(item);
        public void CopyTo(Activity[] array, int arrayIndex) => spans.CopyTo(array, arrayIndex);
        public bool Remove(Activity item) => throw new NotSupportedException();
        public IEnumerator<Activity> GetEnumerator() => spans.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

[CollectionDefinition(Name)]
public sealed class TracedCollection : ICollectionFixture<TracedHost>
{
    public const string Name = "traced";
}
