namespace CrmActors.Grains.Customers;

/// <summary>How often a customer grain writes its changed snapshot (and, when untouched for a whole period, sets its
/// expanded ledger aside). Never per event: per-event writes cap near 4,000/s on PostgreSQL (shared/notes); the
/// journal, not this write, makes a change durable.</summary>
/// <param name="FlushOnShutdown">Write a changed snapshot when the silo shuts down. Off in the embedded default, whose
/// storage goes away with the process.</param>
/// <param name="StoresState">Whether snapshots are stored (durable modes). Off in the embedded default, where customers
/// keep their state in the activation alone: there, only an idle customer's expanded ledger is set aside.</param>
public sealed record CustomerGrainOptions(TimeSpan FlushPeriod, bool FlushOnShutdown = true, bool StoresState = true)
{
    public static CustomerGrainOptions Default { get; } = new(TimeSpan.FromSeconds(30));
}
