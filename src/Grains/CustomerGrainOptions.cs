namespace CrmActors.Grains;

/// <summary>How often a customer grain writes its changed state (and, when untouched for a whole period, sets its
/// expanded ledger aside). Never per event: per-event writes cap near 4,000/s on PostgreSQL (shared/notes).</summary>
/// <param name="FlushOnShutdown">Write a changed state when the silo shuts down. Off in the embedded default: its
/// memory storage is going away with the process, and every attempt would only log a failure.</param>
public sealed record CustomerGrainOptions(TimeSpan FlushPeriod, bool FlushOnShutdown = true)
{
    public static CustomerGrainOptions Default { get; } = new(TimeSpan.FromSeconds(30));
}
