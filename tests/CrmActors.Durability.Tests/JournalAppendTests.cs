using CrmActors.Durability.Tests.Support;
using CrmActors.Persistence.Journal;
using static CrmActors.Durability.Tests.JournalReaderTests;

namespace CrmActors.Durability.Tests;

/// <summary>Concurrent batches sharing event ids (a producer re-sending a window while the next batch overlaps it, or
/// two producers): crm_journal_append locks ids in one global order, so they wait for each other instead of
/// deadlocking — with ids locked in batch order, two such batches deadlocked, one got 503, and retries of the same
/// batches kept meeting again (seen: a batch refused 76 times in a row).</summary>
[Collection(DurabilityCollection.Name)]
public sealed class JournalAppendTests(DurabilityFixture fixture)
{
    [Fact]
    public async Task Two_batches_sharing_ids_in_opposite_orders_do_not_deadlock()
    {
        var cs = await fixture.Postgres.NewSchemaAsync();
        await using var source = PostgresJournal.CreateDataSource(cs);
        var journal = new PostgresJournal(source);
        var customer = $"dl-{Guid.NewGuid():N}";
        var (x, y) = (Fee(customer, "x"), Fee(customer, "y"));

        await using var first = await OpenTransactionAsync(cs);
        await AppendAsync(first, [x]);                              // the first batch holds x ...
        var second = journal.AppendAsync([y, x], default);          // ... the second takes y (in batch order) and waits for x
        await WaitForLockWaitAsync(cs);
        var firstTakesY = AppendAsync(first, [y]);                   // the first now needs y: a cycle if the second holds it
        var done = await Task.WhenAny(firstTakesY, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.Same(firstTakesY, done);
        await firstTakesY;                                           // no 40P01 deadlock
        await first.Transaction.CommitAsync();

        var result = await second;
        Assert.Equal((0, 2), (result.Appended, result.Duplicates));  // both already journaled by the first: duplicates
    }

    private static async Task WaitForLockWaitAsync(string cs)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await SharedPostgres.ScalarAsync<long>(cs,
                   "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%crm_journal_append%' AND datname = current_database()") == 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the second batch never waited for a lock");
            await Task.Delay(20);
        }
    }
}
