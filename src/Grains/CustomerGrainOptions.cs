namespace CrmActors.Grains;

/// <summary>How often a customer grain writes its changed state (and, when untouched for a whole period, sets its
/// expanded ledger aside). Never per event: per-event writes cap near 4,000/s on PostgreSQL (shared/notes).</summary>
public sealed record CustomerGrainOptions(TimeSpan FlushPeriod)
{
    public static CustomerGrainOptions Default { get; } = new(TimeSpan.FromSeconds(30));
}
