using System.Net;
using CrmActors.Abstractions;
using CrmActors.Api.Ingest;
using CrmActors.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrmActors.Api.Tests.Scenarios;

/// <summary>Contract "Ingesting events": 503 with Retry-After when the engine cannot make the batch durable now;
/// nothing is applied and the producer's retry succeeds.</summary>
public sealed class UnavailableJournalTests(UnavailableJournalTests.Host api) : IClassFixture<UnavailableJournalTests.Host>
{
    /// <summary>The real host whose journal refuses its first append.</summary>
    public sealed class Host() : CrmApiFactory(services =>
    {
        services.RemoveAll<IEventJournal>();
        services.AddSingleton<IEventJournal>(new FlakyJournal(failures: 1));
    });

    private sealed class FlakyJournal(int failures) : IEventJournal
    {
        private readonly InMemoryEventJournal _inner = new();
        private int _failuresLeft = failures;

        public Task<JournalAppendResult> AppendAsync(IReadOnlyList<IngestedEvent> batch, CancellationToken ct) =>
            Interlocked.Decrement(ref _failuresLeft) >= 0
                ? throw new TimeoutException("journal unavailable")
                : _inner.AppendAsync(batch, ct);

        public Task MarkAppliedAsync(IReadOnlyCollection<string> eventIds, CancellationToken ct) =>
            _inner.MarkAppliedAsync(eventIds, ct);
    }

    [Fact]
    public async Task A_journal_that_cannot_take_the_batch_is_503_with_retry_after_and_the_retry_is_accepted()
    {
        var customer = Ev.NewId("c");
        var batch = Ev.Fee(customer, api.Clock.GetUtcNow().AddDays(-1), "cardSpending", 2_000m);

        var refused = await api.WithApiKey().PostEvents(batch);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        Assert.NotNull(refused.Response.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.NotFound, (await (await api.AsStaff("admin")).GetCustomer(customer)).Status);

        var retried = await api.WithApiKey().PostEvents(batch);

        Assert.Equal(HttpStatusCode.Accepted, retried.Status);
        Assert.Equal(1, retried.Json.GetProperty("accepted").GetInt32());
        Assert.Equal(80.00m, (await (await api.AsStaff("admin")).GetCustomer(customer)).Json.Dec("points"));
    }
}
