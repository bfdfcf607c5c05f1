using CrmActors.Scoring;
using CrmActors.Simulator.Events;

namespace CrmActors.Simulator.Oracle;

/// <summary>What the engine must answer for a customer: the pure library's <see cref="CustomerLedger"/> given the
/// customer's full event set at once, evaluated at an instant. The engine applies the same events in batches, late,
/// twice, in any order; star-model §3 (arrival order) says the answer must be the same.</summary>
public static class StarOracle
{
    public static CustomerStanding Evaluate(IEnumerable<SimEvent> events, DateTimeOffset at, StarModelOptions? model = null)
    {
        var ledger = new CustomerLedger(model ?? StarModelOptions.Default, new FixedClock(at));
        ledger.Apply(events.Select(e => e.ToDomain()).ToArray());
        return ledger.Standing();
    }

    /// <summary>Points as the API displays them: rounded half away from zero to two places (star-model §1 precision).</summary>
    public static decimal Displayed(decimal points) => decimal.Round(points, 2, MidpointRounding.AwayFromZero);

    /// <summary>A clock stopped at one instant.</summary>
    public sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
