using CrmActors.Scoring.Tests.Reference;
using Xunit.Sdk;

namespace CrmActors.Scoring.Tests.Support;

/// <summary>Exact comparisons of standings, with messages that say which value differs and where.</summary>
public static class StandingAssert
{
    private static readonly string[] Names =
        ["ShortTermAssets", "LongTermAssets", "Mortgage", "OtherLoans", "CardOverdraft", "Investment", "CardSpending", "Settlement"];

    public static decimal[] Values(PointsBreakdown b) =>
        [b.ShortTermAssets, b.LongTermAssets, b.Mortgage, b.OtherLoans, b.CardOverdraft, b.Investment, b.CardSpending, b.Settlement];

    /// <summary>The ledger agrees with the naive model: points, the 8 breakdown values, both stars, products.</summary>
    public static void Matches(NaiveStanding expected, CustomerStanding actual, string context)
    {
        var problems = new List<string>();
        var values = Values(actual.Breakdown);
        for (int i = 0; i < Names.Length; i++)
            if (values[i] != expected.Breakdown[i])
                problems.Add($"{Names[i]}: ledger {values[i]}, naive {expected.Breakdown[i]}");
        if (actual.Points != expected.Points) problems.Add($"Points: ledger {actual.Points}, naive {expected.Points}");
        if (actual.ContributionStar != expected.ContributionStar)
            problems.Add($"ContributionStar: ledger {actual.ContributionStar}, naive {expected.ContributionStar}");
        if (actual.ServiceStar != expected.ServiceStar)
            problems.Add($"ServiceStar: ledger {actual.ServiceStar}, naive {expected.ServiceStar}");
        if (!actual.Products.SequenceEqual(expected.Products))
            problems.Add($"Products: ledger [{string.Join(",", actual.Products)}], naive [{string.Join(",", expected.Products)}]");
        if (problems.Count > 0)
            throw new XunitException($"{context} at {actual.AsOf:O}:\n  " + string.Join("\n  ", problems));
    }

    /// <summary>Two ledgers agree on everything a standing says.</summary>
    public static void Same(CustomerStanding expected, CustomerStanding actual, string context)
    {
        var problems = new List<string>();
        var a = Values(expected.Breakdown);
        var b = Values(actual.Breakdown);
        for (int i = 0; i < Names.Length; i++)
            if (a[i] != b[i]) problems.Add($"{Names[i]}: {a[i]} vs {b[i]}");
        if (expected.Points != actual.Points) problems.Add($"Points: {expected.Points} vs {actual.Points}");
        if (expected.ContributionStar != actual.ContributionStar)
            problems.Add($"ContributionStar: {expected.ContributionStar} vs {actual.ContributionStar}");
        if (expected.ServiceStar != actual.ServiceStar) problems.Add($"ServiceStar: {expected.ServiceStar} vs {actual.ServiceStar}");
        if (expected.ServiceStarCause != actual.ServiceStarCause)
            problems.Add($"ServiceStarCause: {expected.ServiceStarCause} vs {actual.ServiceStarCause}");
        if (expected.NextStar != actual.NextStar) problems.Add($"NextStar: {expected.NextStar} vs {actual.NextStar}");
        if (expected.PointsNeeded != actual.PointsNeeded) problems.Add($"PointsNeeded: {expected.PointsNeeded} vs {actual.PointsNeeded}");
        if (!expected.Products.SequenceEqual(actual.Products)) problems.Add("Products differ");
        if (expected.AsOf != actual.AsOf) problems.Add($"AsOf: {expected.AsOf:O} vs {actual.AsOf:O}");
        if (problems.Count > 0) throw new XunitException($"{context}:\n  " + string.Join("\n  ", problems));
    }
}
