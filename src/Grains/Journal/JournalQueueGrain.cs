using System.Collections.Immutable;
using CrmActors.Abstractions;
using CrmActors.Abstractions.Journal;
using CrmActors.Grains.Customers;
using Microsoft.Extensions.Logging;

namespace CrmActors.Grains.Journal;

/// <summary>Delivers one journal queue to the customer grains, in journal order, at least once: it reads after its
/// checkpoint, has every customer of the read apply its events (grains are idempotent by event id), and only then
/// moves the checkpoint. A crash between journal commit and delivery therefore never loses delivery: the next
/// activation — on another silo if this one died — reads from the checkpoint again.</summary>
[Orleans.Concurrency.Reentrant] // Ping and Delivered only read; the delivery loop runs in the (non-overlapping) timer
public sealed class JournalQueueGrain(IJournalReader journal, CustomerReferences references, ILogger<JournalQueueGrain> logger)
    : Grain, IJournalQueueGrain
{
    private const int ReadSize = 20_000;
    private const int MaxCustomersInFlight = 128;
    private static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(20);

    /// <summary>A customer whose call failed is retried this many times, after short pauses, before the whole read is
    /// given up and redelivered from the checkpoint: a transient failure of one customer (a pool wait, an activation
    /// racing a silo's death) costs one customer a retry, not thousands of others a redelivery.</summary>
    private const int CustomerAttempts = 3;
    /// <summary>After a read could not be delivered, the dispatcher waits this long before trying again: while a dead
    /// silo is not yet declared dead, every attempt would fail the same way.</summary>
    private static readonly TimeSpan FailureBackoff = TimeSpan.FromSeconds(1);

    private short _queue;
    private JournalPosition _delivered;
    private DateTime _pausedUntil;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _queue = (short)this.GetPrimaryKeyLong();
        _delivered = await journal.LoadCheckpointAsync(_queue, cancellationToken);
        // KeepAlive: a dispatcher must not be collected as idle; it lives until its silo stops or dies.
        this.RegisterGrainTimer(Poll, new GrainTimerCreationOptions(PollPeriod, PollPeriod) { KeepAlive = true });
        EngineMetrics.Activations.Add(1, EngineMetrics.DispatcherGrain);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        EngineMetrics.Activations.Add(-1, EngineMetrics.DispatcherGrain);
        return Task.CompletedTask;
    }

    public Task Ping() => Task.CompletedTask;

    public Task<JournalPosition> Delivered() => Task.FromResult(_delivered);

    private async Task Poll(CancellationToken cancellationToken)
    {
        if (DateTime.UtcNow < _pausedUntil) return;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                long started = System.Diagnostics.Stopwatch.GetTimestamp();
                var events = await journal.ReadQueueAsync(_queue, _delivered, ReadSize, cancellationToken);
                if (events.Count == 0) return;
                long read = System.Diagnostics.Stopwatch.GetTimestamp();
                int customers = await Deliver(events, cancellationToken);
                long delivered = System.Diagnostics.Stopwatch.GetTimestamp();
                _delivered = events[^1].Position;
                await journal.SaveCheckpointAsync(_queue, _delivered, cancellationToken);
                _appliedBeforeFailure.Clear();
                if (logger.IsEnabled(LogLevel.Debug))
                    logger.LogDebug("Queue {Queue}: read {Events} events in {Read:F0} ms, {Customers} customers applied them in {Deliver:F0} ms, checkpoint in {Checkpoint:F0} ms.",
                        _queue, events.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started, read).TotalMilliseconds, customers,
                        System.Diagnostics.Stopwatch.GetElapsedTime(read, delivered).TotalMilliseconds,
                        System.Diagnostics.Stopwatch.GetElapsedTime(delivered).TotalMilliseconds);
                if (events.Count < ReadSize) return;
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The database or a grain is unavailable: retry from the same checkpoint on the next tick.
            logger.LogWarning(ex, "Journal queue {Queue} could not deliver after {Position}; retrying in {Backoff}.", _queue, _delivered, FailureBackoff);
            _pausedUntil = DateTime.UtcNow + FailureBackoff;
        }
    }

    /// <summary>Has every customer of the read apply its events; returns how many customers that was.</summary>
    private async Task<int> Deliver(IReadOnlyList<JournaledChange> events, CancellationToken cancellationToken)
    {
        // A bounded number of workers take the customers in turn, on the grain's own context (grain services are not
        // reachable from pool threads); no semaphore, whose waits allocated per customer.
        var customers = ByCustomer(events);
        var applied = new bool[customers.Count];
        int next = -1;
        async Task Worker()
        {
            for (int i; (i = ++next) < customers.Count && !cancellationToken.IsCancellationRequested;)
            {
                using var span = DeliverySpan.Start(_queue, customers[i].Changes);
                await Apply(references.Get(customers[i].Customer), customers[i].Changes);
                applied[i] = true;
            }
        }
        var workers = new Task[Math.Min(MaxCustomersInFlight, customers.Count)];
        for (int w = 0; w < workers.Length; w++) workers[w] = Worker();
        try
        {
            await Task.WhenAll(workers);
        }
        catch
        {
            for (int i = 0; i < customers.Count; i++)
                if (applied[i]) _appliedBeforeFailure[customers[i].Customer] = customers[i].Changes[^1].Position;
            throw;
        }
        cancellationToken.ThrowIfCancellationRequested();
        return customers.Count;
    }

    /// <summary>After a read failed part-way, the customers that applied their part of it and the last position each
    /// applied: the retry reads from the same checkpoint and leaves those changes out. Without it a read of thousands of
    /// customers started over for all of them on every failure, and under an activation storm (a restart with a large
    /// backlog) it could fail every time. Safe to leave out: a customer replays its journal after its snapshot when it
    /// activates, so a change it applied is never lost with its activation. Cleared when the checkpoint moves.</summary>
    private readonly Dictionary<string, JournalPosition> _appliedBeforeFailure = new(StringComparer.Ordinal);

    /// <summary>Kept between reads (one read at a time): cleared, not reallocated.</summary>
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>The read's changes per customer, in journal order, customers in order of first appearance.</summary>
    private List<(string Customer, ImmutableArray<JournaledChange> Changes)> ByCustomer(IReadOnlyList<JournaledChange> events)
    {
        var index = _index;
        index.Clear();
        var builders = new List<(string, ImmutableArray<JournaledChange>.Builder)>();
        foreach (var e in events)
        {
            if (_appliedBeforeFailure.Count > 0 && _appliedBeforeFailure.TryGetValue(e.Change.CustomerId, out var through)
                && e.Position <= through) continue;
            if (!index.TryGetValue(e.Change.CustomerId, out int at))
            {
                at = builders.Count;
                index.Add(e.Change.CustomerId, at);
                builders.Add((e.Change.CustomerId, ImmutableArray.CreateBuilder<JournaledChange>(1)));
            }
            builders[at].Item2.Add(e);
        }
        var result = new List<(string, ImmutableArray<JournaledChange>)>(builders.Count);
        foreach (var (customer, builder) in builders)
            result.Add((customer, builder.Count == builder.Capacity ? builder.MoveToImmutable() : builder.ToImmutable()));
        index.Clear();   // no customer id held on to until the next read
        return result;
    }

    private static async Task Apply(ICustomerGrain customer, ImmutableArray<JournaledChange> events)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await customer.ApplyJournaled(events);
                return;
            }
            catch (Exception) when (attempt < CustomerAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
            }
        }
    }
}
