using CrmActors.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmActors.Grains.Customers;

/// <summary>One timer per silo instead of one per customer. A customer enrolls when it expands its ledger or has
/// something to write, and marks its enrollment on every use (two field writes, no message); once a second the sweeper
/// looks over the enrollments and sends <see cref="ICustomerGrain.Sweep"/> only to a customer that has been idle for a
/// flush period (set its expanded ledger aside, write what it owes) or, where state is stored, has owed a write for a
/// flush period. A busy customer on the embedded default costs no message at all.</summary>
/// <remarks>It is also the silo's clock for outlooks (docs/contract-extension-outlook.md): a customer with a manager
/// schedules the moment its outlook is due again (<see cref="ScheduleOutlook"/>: one entry per customer, replaced when
/// rescheduled), and the sweeper sends <see cref="ICustomerGrain.RefreshOutlook"/> when that moment comes.
/// A grain timer per customer costs a registration and a scheduled tick per customer, a fifth of the engine's
/// CPU under load (docs/architecture.md, "One sweeper per silo"). Sweeps and refreshes are awaited, a few at a time:
/// after a restart with a backlog every customer the dispatchers activate owes a write a flush period later, and on a
/// rating day every managed customer's outlook is due at once; hundreds of thousands of calls sent together (each
/// perhaps an activation or a snapshot write) took every database connection from the dispatchers, which then could
/// not deliver at all.</remarks>
public sealed class CustomerSweeper(IGrainFactory grains, CustomerGrainOptions options, TimeProvider clock,
    ILogger<CustomerSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Scan = TimeSpan.FromSeconds(1);
    /// <summary>Sweeps in flight at once: each may write a snapshot (three database round trips), and the database's
    /// pool is shared with the journal's dispatchers and the customers' replays.</summary>
    public const int MaxSweepsInFlight = 8;
    private int _inFlight;
    private int _mostInFlight;
    private readonly Lock _gate = new();
    private List<Enrollment> _enrolled = [];
    private List<Enrollment> _spare = [];
    private int _inScan;   // taken out of _enrolled by the running scan and not yet put back or swept (under _gate)
    // Outlooks due, by UTC ticks; a rescheduled customer leaves its older entry behind, skipped when it comes up.
    private readonly PriorityQueue<string, long> _outlookQueue = new();
    private readonly Dictionary<string, long> _outlookDue = new(StringComparer.Ordinal);

    /// <summary>A customer's entry: written by its grain, read by the sweeper (a stale read only delays a sweep).</summary>
    public sealed class Enrollment(string customerId, long now)
    {
        public string CustomerId { get; } = customerId;
        public long LastUsed = now;
        /// <summary>When the customer first owed a write (0: it owes none).</summary>
        public long OwesSince;
        internal long EnrolledAt = now;

        public void Touch() => Volatile.Write(ref LastUsed, Environment.TickCount64);

        public void Owes()
        {
            if (Volatile.Read(ref OwesSince) == 0) Volatile.Write(ref OwesSince, Environment.TickCount64);
        }

        public void Settled() => Volatile.Write(ref OwesSince, 0);
    }

    public Enrollment Enroll(string customerId)
    {
        var enrollment = new Enrollment(customerId, Environment.TickCount64);
        lock (_gate) _enrolled.Add(enrollment);
        return enrollment;
    }

    /// <summary>Asks for <see cref="ICustomerGrain.RefreshOutlook"/> at <paramref name="dueAt"/> (replacing the customer's
    /// earlier request).</summary>
    public void ScheduleOutlook(string customerId, DateTimeOffset dueAt)
    {
        long ticks = dueAt.UtcTicks;
        lock (_gate)
        {
            if (_outlookDue.TryGetValue(customerId, out long current) && current == ticks) return;
            _outlookDue[customerId] = ticks;
            _outlookQueue.Enqueue(customerId, ticks);
        }
    }

    /// <summary>How many customers have an outlook scheduled.</summary>
    public int OutlooksScheduled { get { lock (_gate) return _outlookDue.Count; } }

    private List<string> DueOutlooks()
    {
        long now = clock.GetUtcNow().UtcTicks;
        List<string> due = [];
        lock (_gate)
        {
            while (_outlookQueue.TryPeek(out var id, out long at) && at <= now)
            {
                _outlookQueue.Dequeue();
                if (_outlookDue.TryGetValue(id, out long wanted) && wanted == at)
                {
                    _outlookDue.Remove(id);
                    due.Add(id);
                }
            }
        }
        return due;
    }

    /// <summary>How many customers are enrolled (expanded or owing a write), counting those a scan has taken out of the
    /// list until their sweep is done.</summary>
    public int Count { get { lock (_gate) return _enrolled.Count + _inScan; } }

    /// <summary>The most sweeps this sweeper has had in flight at once.</summary>
    public int MostInFlight => Volatile.Read(ref _mostInFlight);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long period = (long)options.FlushPeriod.TotalMilliseconds;
        using var timer = new PeriodicTimer(Scan);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            long now = Environment.TickCount64;
            List<Enrollment> due = [];
            lock (_gate)
            {
                // Swap lists so grains enrolling meanwhile are not blocked by the scan.
                (_enrolled, _spare) = (_spare, _enrolled);
                _enrolled.Clear();
                _inScan = _spare.Count;
            }
            foreach (var e in _spare)
            {
                long owes = Volatile.Read(ref e.OwesSince);
                bool idle = now - Volatile.Read(ref e.LastUsed) >= period;
                bool owing = options.StoresState && owes != 0 && now - owes >= period;
                if (idle || owing) due.Add(e);
                else lock (_gate) { _enrolled.Add(e); _inScan--; }
            }
            _spare.Clear();
            await Bounded(DueOutlooks(), id => grains.GetGrain<ICustomerGrain>(id).RefreshOutlook(), stoppingToken,
                "Outlook of customer {CustomerId} not refreshed; it reschedules on its next use.");
            await Bounded(due.Select(e => e.CustomerId), SweepOne, stoppingToken,
                "Sweep of customer {CustomerId} failed; it re-enrolls on its next use.");
            lock (_gate) _inScan = 0;
        }
    }

    private async Task SweepOne(string customerId)
    {
        try { await grains.GetGrain<ICustomerGrain>(customerId).Sweep(); }
        finally { lock (_gate) _inScan--; }
    }

    /// <summary>Calls <paramref name="call"/> for every customer, at most <see cref="MaxSweepsInFlight"/> at a time.</summary>
    private Task Bounded(IEnumerable<string> customers, Func<string, Task> call, CancellationToken stoppingToken, string failure) =>
        Parallel.ForEachAsync(customers, new ParallelOptions { MaxDegreeOfParallelism = MaxSweepsInFlight, CancellationToken = stoppingToken },
            async (id, _) =>
            {
                int inFlight = Interlocked.Increment(ref _inFlight);
                for (int most; inFlight > (most = Volatile.Read(ref _mostInFlight))
                     && Interlocked.CompareExchange(ref _mostInFlight, inFlight, most) != most;) { }
                try { await call(id); }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
#pragma warning disable CA2254 // one of two fixed templates
                    logger.LogDebug(ex, failure, id);
#pragma warning restore CA2254
                }
                finally { Interlocked.Decrement(ref _inFlight); }
            });
}
