using CrmActors.Abstractions.Changes;
using CrmActors.Scoring;

namespace CrmActors.Durability.Tests.Support;

/// <summary>What a customer must read as: points rounded to two places as the API shows them, the contribution star,
/// the service star and the eight indicators' points.</summary>
public sealed record Standing(decimal Points, string ContributionStar, string ServiceStar, decimal[] Breakdown)
{
    public bool SameAs(Standing other) =>
        Points == other.Points && ContributionStar == other.ContributionStar && ServiceStar == other.ServiceStar
        && Breakdown.SequenceEqual(other.Breakdown);

    public override string ToString() =>
        $"points {Points}, contribution {ContributionStar}, service {ServiceStar}, breakdown [{string.Join(", ", Breakdown)}]";
}

/// <summary>The oracle: the pure star model (src/Scoring) applied to each customer's full event set, clock = now.
/// Whatever order, duplication or crash the engine went through, every customer must equal it.</summary>
public static class Oracle
{
    public static Dictionary<string, Standing> Expected(IEnumerable<CustomerChange> events, TimeProvider? clock = null,
        StarModelOptions? options = null)
    {
        clock ??= TimeProvider.System;
        var result = new Dictionary<string, Standing>(StringComparer.Ordinal);
        foreach (var customer in events.GroupBy(e => e.CustomerId, StringComparer.Ordinal))
        {
            var ledger = new CustomerLedger(options ?? StarModelOptions.Default, clock);
            ledger.Apply(customer.Select(e => e.ToDomain()));
            var s = ledger.Standing();
            var b = s.Breakdown;
            result[customer.Key] = new Standing(Round(s.Points), s.ContributionStar.ToWire(), s.ServiceStar.ToWire(),
                [.. new[] { b.ShortTermAssets, b.LongTermAssets, b.Mortgage, b.OtherLoans, b.CardOverdraft, b.Investment, b.CardSpending, b.Settlement }.Select(Round)]);
        }
        return result;
    }

    /// <summary>As the API shows points: two places, half away from zero.</summary>
    public static decimal Round(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);
}
