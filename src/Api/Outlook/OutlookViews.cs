using CrmActors.Abstractions.Outlook;
using CrmActors.Api.Customers;
using CrmActors.Scoring;

namespace CrmActors.Api.Outlook;

/// <summary>The tier outlook (docs/contract-extension-outlook.md): points rounded for display (§1 Decision (precision)),
/// <c>pointsToKeep</c> rounded up so that what it says is enough; lift amounts are whole cents already.</summary>
public sealed record OutlookView
{
    public required string CustomerId { get; init; }
    public required DateOnly NextRatingDay { get; init; }
    public required decimal ProjectedPoints { get; init; }
    public required BreakdownView ProjectedBreakdown { get; init; }
    public required string ProjectedContributionStar { get; init; }
    public required string ProjectedServiceStar { get; init; }
    /// <summary>The manual setting that decides the service star on the next rating day, when one is in force then.</summary>
    public ManualStarView? ManualStar { get; init; }
    public required string ServiceStar { get; init; }
    public required bool AtRisk { get; init; }
    public required decimal PointsToKeep { get; init; }
    public required IReadOnlyList<LiftOptionView> LiftOptions { get; init; }
    public required DateTimeOffset AsOf { get; init; }

    public static OutlookView From(CustomerOutlook o, BankTime bankTime) => new()
    {
        CustomerId = o.CustomerId,
        NextRatingDay = o.NextRatingDay,
        ProjectedPoints = DisplayRounding.Points(o.ProjectedPoints),
        ProjectedBreakdown = BreakdownView.From(o.ProjectedBreakdown),
        ProjectedContributionStar = o.ProjectedContributionStar.ToWire(),
        ProjectedServiceStar = o.ProjectedServiceStar.ToWire(),
        ManualStar = o.ManualAtRatingDay is { } m ? ManualStarView.From(m, bankTime) : null,
        ServiceStar = o.CurrentServiceStar.ToWire(),
        AtRisk = o.AtRisk,
        PointsToKeep = DisplayRounding.Needed(o.PointsToKeep),
        LiftOptions = [.. o.LiftOptions.Select(LiftOptionView.From)],
        AsOf = bankTime.From(o.AsOf),
    };
}

/// <summary>One lift option: <c>amount</c> CNY more held in <c>indicator</c> from today until the next rating day (a
/// balance indicator), or one transaction of <c>amount</c> CNY today at full fee (a fee business), lifts the projected
/// contribution star to <c>star</c>.</summary>
public sealed record LiftOptionView(string Indicator, decimal Amount, string Star)
{
    public static LiftOptionView From(OutlookLift l) => new(l.Indicator.ToWire(), l.Amount + 0.00m, l.Star.ToWire());
}

/// <summary>A portfolio's customers at risk on their next rating day, most at stake first.</summary>
public sealed record AtRiskListView(string ManagerId, DateOnly NextRatingDay, IReadOnlyList<AtRiskCustomerView> Customers, DateTimeOffset AsOf)
{
    public static AtRiskListView From(AtRiskList list, BankTime bankTime) => new(list.ManagerId, list.NextRatingDay,
        [.. list.Customers.Select(c => AtRiskCustomerView.From(c, bankTime))], bankTime.From(list.AsOf));
}

/// <summary>One customer at risk (also the <c>tierAtRisk</c> message).</summary>
public sealed record AtRiskCustomerView
{
    public required string ManagerId { get; init; }
    public required string CustomerId { get; init; }
    public string? DisplayName { get; init; }
    public required string ServiceStar { get; init; }
    public required string ProjectedServiceStar { get; init; }
    public required DateOnly NextRatingDay { get; init; }
    public required decimal ProjectedPoints { get; init; }
    public required decimal PointsToKeep { get; init; }
    public LiftOptionView? BestLift { get; init; }
    public required DateTimeOffset AsOf { get; init; }

    public static AtRiskCustomerView From(AtRiskCustomer c, BankTime bankTime) => new()
    {
        ManagerId = c.ManagerId,
        CustomerId = c.CustomerId,
        DisplayName = c.DisplayName,
        ServiceStar = c.CurrentServiceStar.ToWire(),
        ProjectedServiceStar = c.ProjectedServiceStar.ToWire(),
        NextRatingDay = c.NextRatingDay,
        ProjectedPoints = DisplayRounding.Points(c.ProjectedPoints),
        PointsToKeep = DisplayRounding.Needed(c.PointsToKeep),
        BestLift = c.BestLift is { } l ? LiftOptionView.From(l) : null,
        AsOf = bankTime.From(c.AsOf),
    };
}

/// <summary>A portfolio's kept retention signals, newest first (<c>GET …/retention-risks</c>).</summary>
public sealed record RetentionRisksView(string ManagerId, IReadOnlyList<RetentionRiskView> Signals);

/// <summary>The <c>retentionRisk</c> message: what happened and the figures that explain it.</summary>
public sealed record RetentionRiskView
{
    public required string ManagerId { get; init; }
    public required string CustomerId { get; init; }
    public string? DisplayName { get; init; }
    public required RetentionKind Kind { get; init; }
    public required string ServiceStar { get; init; }
    public required DateTimeOffset At { get; init; }
    public decimal? AssetsBefore { get; init; }
    public decimal? AssetsAfter { get; init; }
    public int? DormantDays { get; init; }
    public DateTimeOffset? PreviousActivity { get; init; }

    public static RetentionRiskView From(RetentionSignal s, BankTime bankTime)
    {
        bool outflow = s.Kind == RetentionKind.LargeOutflow;
        return new()
        {
            ManagerId = s.ManagerId, CustomerId = s.CustomerId, DisplayName = s.DisplayName, Kind = s.Kind,
            ServiceStar = s.ServiceStar.ToWire(), At = bankTime.From(s.At),
            AssetsBefore = outflow ? s.AssetsBefore + 0.00m : null, AssetsAfter = outflow ? s.AssetsAfter + 0.00m : null,
            DormantDays = outflow ? null : s.DormantDays, PreviousActivity = bankTime.From(s.PreviousActivity),
        };
    }
}
