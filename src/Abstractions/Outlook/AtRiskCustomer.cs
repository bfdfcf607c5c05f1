using System.Collections.Immutable;
using CrmActors.Scoring;

namespace CrmActors.Abstractions.Outlook;

/// <summary>A customer of a portfolio who will lose service star on the next rating day unless something changes
/// (docs/contract-extension-outlook.md, "At-risk list").</summary>
[GenerateSerializer, Immutable, Alias("crm.AtRiskCustomer")]
public sealed record AtRiskCustomer
{
    [Id(0)] public required string ManagerId { get; init; }
    [Id(1)] public required string CustomerId { get; init; }
    [Id(2)] public string? DisplayName { get; init; }
    [Id(3)] public required Star CurrentServiceStar { get; init; }
    [Id(4)] public required Star ProjectedServiceStar { get; init; }
    [Id(5)] public required DateOnly NextRatingDay { get; init; }
    [Id(6)] public required decimal ProjectedPoints { get; init; }
    [Id(7)] public required decimal PointsToKeep { get; init; }
    /// <summary>The cheapest lift option, if any.</summary>
    [Id(8)] public OutlookLift? BestLift { get; init; }
    [Id(9)] public required DateTimeOffset AsOf { get; init; }

    /// <summary>Stars the customer stands to lose on <see cref="NextRatingDay"/>.</summary>
    public int StarsAtStake => Level(CurrentServiceStar) - Level(ProjectedServiceStar);

    /// <summary>The level's rank: not rated 0, quasi 1, 3 stars 2 … 7 stars 6.</summary>
    private static int Level(Star star) => star <= Star.Quasi ? (int)star : (int)star - 1;

    /// <summary>Same standing, whenever computed: what decides whether screens are told again.</summary>
    public bool SameAs(AtRiskCustomer? other) => other is not null && this with { AsOf = default } == other with { AsOf = default };

    /// <summary>"How much they stand to lose" first (stars at stake, then the higher current star), then the fewest points
    /// to keep, then the id.</summary>
    public static ImmutableArray<AtRiskCustomer> Sorted(IEnumerable<AtRiskCustomer> customers) =>
        [.. customers.OrderByDescending(c => c.StarsAtStake).ThenByDescending(c => c.CurrentServiceStar)
            .ThenBy(c => c.PointsToKeep).ThenBy(c => c.CustomerId, StringComparer.Ordinal)];
}

/// <summary>A portfolio's customers at risk on <see cref="NextRatingDay"/>, most at stake first.</summary>
[GenerateSerializer, Immutable, Alias("crm.AtRiskList")]
public sealed record AtRiskList(
    [property: Id(0)] string ManagerId,
    [property: Id(1)] DateOnly NextRatingDay,
    [property: Id(2)] ImmutableArray<AtRiskCustomer> Customers,
    [property: Id(3)] DateTimeOffset AsOf);
