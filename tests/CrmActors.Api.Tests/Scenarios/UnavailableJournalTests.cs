using System.Net;
using CrmActors.Abstractions.Changes;
using CrmActors.Abstractions.Journal;
using CrmActors.Persistence.InMemory;
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
        services.RemoveAll<IJournal>();
        services.AddSingleton<IJournal>(sp => new FlakyJournal(sp.GetRequiredService<InMemoryJournal>(), failures: 1));
    });

    /// <summary>The embedded journal (its dispatchers still deliver) in front of which the first appends fail.</summary>
    private sealed class FlakyJournal(IJournal inner, int failures) : IJournal
    {
        private int _failuresLeft = failures;

        public Task<JournalAppendResult> AppendAsync(IReadOnlyList<CustomerChange> batch, CancellationToken ct) =>
            Interlocked.Decrement(ref _failuresLeft) >= 0
                ? throw new JournalUnavailableException("journal unavailable")
                : inner.AppendAsync(batch, ct);
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
