using CrmActors.Abstractions;
using CrmActors.Api.Ingest;
using CrmActors.Scoring;

namespace CrmActors.Api.Tests.Journal;

/// <summary>The embedded journal's promises (IEventJournal): idempotent on eventId, all-or-nothing on conflicts, and
/// a batch whose delivery never completed is delivered again when re-sent.</summary>
public sealed class InMemoryEventJournalTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(8));

    private static IngestedEvent Fee(string id, decimal amount = 100m, string customer = "C1") =>
        new(id, customer, At, CustomerEventType.FeeBusiness, Business: FeeBusinessType.Investment, Amount: amount, FeeShare: 1m);

    [Fact]
    public async Task Concurrent_identical_batches_append_each_event_once()
    {
        var journal = new InMemoryEventJournal();
        var batch = Enumerable.Range(0, 200).Select(i => Fee($"e{i}")).ToList();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => journal.AppendAsync(batch, default))));

        Assert.Equal(200, results.Sum(r => r.Appended));
        Assert.Equal(7 * 200, results.Sum(r => r.Duplicates));
        Assert.Equal(200, journal.Count);
    }

    [Fact]
    public async Task A_conflict_appends_nothing_of_the_batch()
    {
        var journal = new InMemoryEventJournal();
        await journal.AppendAsync([Fee("a")], default);

        var result = await journal.AppendAsync([Fee("b"), Fee("a", amount: 200m), Fee("c")], default);

        Assert.True(result.HasConflicts);
        Assert.Equal(new JournalConflict(1, "a"), Assert.Single(result.Conflicts));
        Assert.Equal(1, journal.Count);
    }

    [Fact]
    public async Task Events_not_yet_applied_are_handed_out_again_until_marked()
    {
        var journal = new InMemoryEventJournal();
        var first = await journal.AppendAsync([Fee("a"), Fee("b")], default);
        Assert.Equal(2, first.ToApply.Count);

        // The grains failed: nothing marked. The producer re-sends.
        var retry = await journal.AppendAsync([Fee("a"), Fee("b")], default);
        Assert.Equal((0, 2, 2), (retry.Appended, retry.Duplicates, retry.ToApply.Count));

        await journal.MarkAppliedAsync(["a", "b"], default);
        var third = await journal.AppendAsync([Fee("a"), Fee("b")], default);
        Assert.Empty(third.ToApply);
    }
}
