using System.Collections.Immutable;
using CrmActors.Abstractions;
using CrmActors.Abstractions.Journal;
using Microsoft.Extensions.Logging;

namespace CrmActors.Grains.Journal;

/// <summary>Delivers one journal queue to the customer grains, in journal order, at least once: it reads after its
/// checkpoint, has every customer of the read apply its events (grains are idempotent by event id), and only then
/// moves the checkpoint. A crash between journal commit and delivery therefore never loses delivery: the next
/// activation — on another silo if this one died — reads from the checkpoint again.</summary>
public sealed class JournalQueueGrain(IJournalReader journal, ILogger<JournalQueueGrain> logger) : Grain, IJournalQueueGrain
{
    private const int ReadSize = 5_000;
    private const int MaxCustomersInFlight = 256;
    private static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(20);

    private short _queue;
    private JournalPosition _delivered;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _queue = (short)this.GetPrimaryKeyLong();
        _delivered = await journal.LoadCheckpointAsync(_queue, cancellationToken);
        // KeepAlive: a dispatcher must not be collected as idle; it lives until its silo stops or dies.
        this.RegisterGrainTimer(Poll, new GrainTimerCreationOptions(PollPeriod, PollPeriod) { KeepAlive = true });
    }

    public Task Ping() => Task.CompletedTask;

    public Task<JournalPosition> Delivered() => Task.FromResult(_delivered);

    private async Task Poll(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var events = await journal.ReadQueueAsync(_queue, _delivered, ReadSize, cancellationToken);
                if (events.Count == 0) return;
                await Deliver(events, cancellationToken);
                _delivered = events[^1].Position;
                await journal.SaveCheckpointAsync(_queue, _delivered, cancellationToken);
                if (events.Count < ReadSize) return;
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The database or a grain is unavailable: retry from the same checkpoint on the next tick.
            logger.LogWarning(ex, "Journal queue {Queue} could not deliver after {Position}; retrying.", _queue, _delivered);
        }
    }

    private async Task Deliver(IReadOnlyList<JournaledEvent> events, CancellationToken cancellationToken)
    {
        // Bounded fan-out from the grain's own context (grain services are not reachable from pool threads).
        using var gate = new SemaphoreSlim(MaxCustomersInFlight);
        var calls = new List<Task>();
        foreach (var customer in events.GroupBy(e => e.Event.CustomerId, StringComparer.Ordinal))
        {
            await gate.WaitAsync(cancellationToken);
            calls.Add(Apply(GrainFactory.GetGrain<ICustomerGrain>(customer.Key), [.. customer], gate));
        }
        await Task.WhenAll(calls);
    }

    private static async Task Apply(ICustomerGrain customer, ImmutableArray<JournaledEvent> events, SemaphoreSlim gate)
    {
        try { await customer.ApplyJournaled(events); }
        finally { gate.Release(); }
    }
}
