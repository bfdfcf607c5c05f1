using CrmActors.Abstractions.Changes;
using CrmActors.Abstractions.Journal;
using CrmActors.Persistence.InMemory;
using CrmActors.Scoring;

namespace CrmActors.Api.Tests.Journal;

/// <summary>The embedded journal's promises (<see cref="IJournal"/>, <see cref="IJournalReader"/>): idempotent per
/// (producer, id), all-or-nothing on conflicts, back-pressure instead of an unbounded heap, and delivery in order until
/// the dispatcher's checkpoint passes.</summary>
public sealed class InMemoryJournalTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(8));

    private static FeeBusinessEvent Fee(string id, decimal amount = 100m, string customer = "C1", string producer = "cards") => new()
    {
        CustomerId = customer, Producer = producer, ChangeId = id, OccurredAt = At,
        Business = FeeBusinessType.Investment, Amount = amount,
    };

    [Fact]
    public async Task Concurrent_identical_batches_append_each_change_once()
    {
        var journal = new InMemoryJournal();
        var batch = Enumerable.Range(0, 200).Select(i => Fee($"e{i}")).ToList();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => journal.AppendAsync(batch, default))));

        Assert.Equal(200, results.Sum(r => r.Appended));
        Assert.Equal(7 * 200, results.Sum(r => r.Duplicates));
        Assert.Equal(200, journal.Pending);
    }

    [Fact]
    public async Task A_conflict_appends_nothing_of_the_batch_and_names_its_index()
    {
        var journal = new InMemoryJournal();
        await journal.AppendAsync([Fee("a")], default);

        var result = await journal.AppendAsync([Fee("b"), Fee("a", amount: 200m), Fee("c")], default);

        Assert.Equal([1], result.Conflicts);
        Assert.Equal(1, journal.Pending);
    }

    [Fact]
    public async Task Ids_are_unique_per_producer_and_the_same_content_in_another_form_is_a_duplicate()
    {
        var journal = new InMemoryJournal();
        await journal.AppendAsync([Fee("1", producer: "cards")], default);

        var other = await journal.AppendAsync([Fee("1", producer: "core-banking", amount: 999m)], default);
        var same = await journal.AppendAsync([Fee("1", producer: "cards", amount: 100.00m) with { OccurredAt = At.ToOffset(TimeSpan.Zero) }], default);

        Assert.Equal((1, 0), (other.Appended, other.Duplicates));
        Assert.Equal((0, 1), (same.Appended, same.Duplicates));
        Assert.Empty(same.Conflicts);
    }

    [Fact]
    public async Task A_full_journal_refuses_the_batch_whole()
    {
        var journal = new InMemoryJournal(maxPending: 3);
        await journal.AppendAsync([Fee("a"), Fee("b")], default);

        await Assert.ThrowsAsync<JournalUnavailableException>(() => journal.AppendAsync([Fee("c"), Fee("d")], default));

        Assert.Equal(2, journal.Pending);
        Assert.Equal(1, (await journal.AppendAsync([Fee("c")], default)).Appended);   // what fits is taken
    }

    [Fact]
    public async Task A_queue_is_read_in_order_after_the_checkpoint_which_releases_what_it_passed()
    {
        var journal = new InMemoryJournal();
        var first = await journal.AppendAsync([Fee("a"), Fee("b")], default);
        var second = await journal.AppendAsync([Fee("c")], default);
        short queue = JournalQueues.Of("C1");

        var all = await journal.ReadQueueAsync(queue, JournalPosition.Start, 10, default);
        Assert.Equal(["a", "b", "c"], all.Select(r => r.Change.ChangeId));
        Assert.Equal([first.PositionOf(0), first.PositionOf(1), second.PositionOf(0)], all.Select(r => r.Position));

        await journal.SaveCheckpointAsync(queue, first.PositionOf(1), default);

        Assert.Equal(["c"], (await journal.ReadQueueAsync(queue, first.PositionOf(1), 10, default)).Select(r => r.Change.ChangeId));
        Assert.Equal(1, journal.Pending);
        Assert.Equal(first.PositionOf(1), await journal.LoadCheckpointAsync(queue, default));
    }

    /// <summary>Issue 13: the lag per queue is appended − delivered, in changes and by the acceptance time of the
    /// oldest undelivered change; a checkpoint past them leaves none.</summary>
    [Fact]
    public async Task Lag_counts_what_each_queue_has_not_delivered_and_dates_the_oldest()
    {
        var journal = new InMemoryJournal();
        var before = DateTimeOffset.UtcNow;
        var customers = Enumerable.Range(0, 40).Select(i => $"L{i}").ToList();
        var first = await journal.AppendAsync([.. customers.Select((c, i) => Fee($"l{i}", customer: c))], default);
        var afterFirst = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        await journal.AppendAsync([.. customers.Select((c, i) => Fee($"m{i}", customer: c))], default);

        var lags = await journal.LagAsync(1_000, default);
        var expected = customers.GroupBy(JournalQueues.Of).ToDictionary(g => g.Key, g => 2L * g.Count());
        Assert.Equal(JournalQueues.Count, lags.Count);
        foreach (var lag in lags)
        {
            Assert.Equal(expected.GetValueOrDefault(lag.Queue), lag.Changes);
            if (lag.Changes == 0) { Assert.Null(lag.OldestAcceptedAt); continue; }
            // The oldest waiting change is of the first batch.
            Assert.InRange(lag.OldestAcceptedAt!.Value, before.AddMilliseconds(-1), afterFirst.AddMilliseconds(1));
        }
        Assert.Equal(3L, (await journal.LagAsync(3, default)).Max(l => l.Changes));   // counted up to the cap

        // Queue q delivers the first batch: its oldest waiting change is now of the second.
        var busy = lags.First(l => l.Changes > 0).Queue;
        await journal.SaveCheckpointAsync(busy, first.PositionOf(customers.Count - 1), default);
        var moved = (await journal.LagAsync(1_000, default)).Single(l => l.Queue == busy);
        Assert.Equal(expected[busy] / 2, moved.Changes);
        Assert.True(moved.OldestAcceptedAt > afterFirst);

        await journal.SaveCheckpointAsync(busy, JournalPosition.End, default);
        var none = (await journal.LagAsync(1_000, default)).Single(l => l.Queue == busy);
        Assert.Equal((0L, (DateTimeOffset?)null), (none.Changes, none.OldestAcceptedAt));
    }
}
