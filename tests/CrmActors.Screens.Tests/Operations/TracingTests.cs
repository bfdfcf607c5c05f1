using System.Diagnostics;
using CrmActors.Abstractions;
using CrmActors.Screens.Tests.Support;

namespace CrmActors.Screens.Tests.Operations;

/// <summary>Issue 13: with tracing on, one trace runs from <c>POST /api/v1/events</c> through the journal's append, the
/// dispatcher's delivery and the customer grain's call to the SignalR push of the star change it caused; each span's
/// parent is the one before it (docs/architecture.md, "Traces").</summary>
[Collection(TracedCollection.Name)]
public sealed class TracingTests(TracedHost host)
{
    [Fact]
    public async Task One_trace_runs_from_the_post_to_the_push()
    {
        await using var manager = await HubClient.Connect(host, "rm-m001");
        var customer = await Bank.ThreeStar(host, "M001", prefix: "TRACE");
        await Bank.LiftToFourStars(host, customer);
        await manager.WaitFor("starChanged", customer, TimeSpan.FromSeconds(5));

        var push = await Eventually(() => host.Spans.FirstOrDefault(s => s.OperationName == EngineTracing.ScreenPush
            && (string?)s.GetTagItem("crm.screen.message") == "starChanged"
            && host.Spans.Any(p => p.SpanId == s.ParentSpanId)));
        var chain = await Eventually(() => Chain(push) is { } c && c[^1].ParentSpanId == default ? c : null);
        string Describe() => string.Join(" <- ", chain.Select(s => $"{s.Source.Name}:{s.DisplayName}"));

        // push <- (Orleans calls: portfolio, customer) <- journal.deliver <- journal.append <- POST /api/v1/events
        Assert.All(chain, s => Assert.Equal(push.TraceId, s.TraceId));
        var post = chain[^1];
        Assert.Equal(ActivityKind.Server, post.Kind);
        Assert.Equal("POST", post.GetTagItem("http.request.method"));
        Assert.Equal("/api/v1/events", post.GetTagItem("url.path"));
        var append = chain[^2];
        Assert.Equal(EngineTracing.JournalAppend, append.OperationName);
        var deliver = chain[^3];
        Assert.True(deliver.OperationName == EngineTracing.JournalDeliver, Describe());
        Assert.Equal(ActivityKind.Consumer, deliver.Kind);
        // Between the delivery and the push: Orleans' spans of the grain calls, the customer's among them.
        var calls = chain.Skip(1).Take(chain.Count - 4).ToList();
        Assert.True(calls.Count > 0 && calls.All(c => c.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)), Describe());
        Assert.True(calls.Any(c => c.DisplayName.Contains("ApplyJournaled", StringComparison.Ordinal)), Describe());
        Assert.True(calls.Any(c => c.DisplayName.Contains("CustomerStarChanged", StringComparison.Ordinal)), Describe());
    }

    /// <summary>The span and its ancestors among the spans ended so far, nearest first; null while one is missing.</summary>
    private List<Activity>? Chain(Activity span)
    {
        var byId = host.Spans.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        var chain = new List<Activity> { span };
        while (chain[^1].ParentSpanId != default)
        {
            if (!byId.TryGetValue(chain[^1].ParentSpanId, out var parent)) return null;
            chain.Add(parent);
        }
        return chain;
    }

    /// <summary>Spans are exported as they end; the push's ancestors end around it.</summary>
    private static async Task<T> Eventually<T>(Func<T?> find) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (find() is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The expected spans did not all end within 10 s.");
            await Task.Delay(100);
        }
    }
}
