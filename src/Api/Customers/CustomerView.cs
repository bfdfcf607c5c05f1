using System.Security.Claims;
using CrmActors.Abstractions;
using CrmActors.Api.Auth;
using CrmActors.Scoring;

namespace CrmActors.Api.Customers;

/// <summary>The contract's customer (contract "Reading a customer"), plus allowed extensions: the manual setting,
/// home branch, manager and display name (masked for tellers).</summary>
public sealed record CustomerView(
    string CustomerId,
    decimal Points,
    BreakdownView Breakdown,
    string ContributionStar,
    string ServiceStar,
    StarChangeCause ServiceStarCause,
    NextStarView? NextStar,
    IReadOnlyList<ProductType> Products,
    DateTimeOffset AsOf,
    ManualStarView? ManualStar,
    string? HomeBranchId,
    string? ManagerId,
    string? DisplayName,
    ShadowView? Shadow)
{
    public static CustomerView From(CustomerSnapshot s, ClaimsPrincipal viewer, BankTime bankTime) => new(
        s.CustomerId,
        DisplayRounding.Points(s.Points),
        BreakdownView.From(s.Breakdown),
        s.ContributionStar.ToWire(),
        s.ServiceStar.ToWire(),
        s.ServiceStarCause,
        s.NextStar is { } next ? new NextStarView(next.ToWire(), DisplayRounding.Needed(s.PointsNeeded ?? 0m)) : null,
        s.Products.IsDefault ? [] : [.. s.Products],
        bankTime.From(s.AsOf),
        s.Manual is { } m ? ManualStarView.From(m, bankTime) : null,
        s.HomeBranchId,
        s.ManagerId,
        s.DisplayName is { } name && viewer.IsTeller() && !viewer.IsAdmin() && !viewer.IsManager()
            ? DisplayNameMask.Mask(name)
            : s.DisplayName,
        s.Shadow is { } shadow ? ShadowView.From(shadow) : null);
}

/// <summary>The customer under the rule set version in shadow or scheduled (docs/contract-extension-rule-sets.md);
/// null while none is.</summary>
public sealed record ShadowView(string Version, decimal Points, string ContributionStar, string ServiceStar)
{
    public static ShadowView From(CrmActors.Abstractions.Rules.ShadowStanding s) =>
        new(s.Version, DisplayRounding.Points(s.Points), s.ContributionStar.ToWire(), s.ServiceStar.ToWire());
}

/// <summary>Points per indicator, rounded for display.</summary>
public sealed record BreakdownView(
    decimal ShortTermAssets, decimal LongTermAssets, decimal Mortgage, decimal OtherLoans, decimal CardOverdraft,
    decimal Investment, decimal CardSpending, decimal Settlement)
{
    public static BreakdownView From(IndicatorPoints p) => new(
        DisplayRounding.Points(p.ShortTermAssets), DisplayRounding.Points(p.LongTermAssets),
        DisplayRounding.Points(p.Mortgage), DisplayRounding.Points(p.OtherLoans),
        DisplayRounding.Points(p.CardOverdraft), DisplayRounding.Points(p.Investment),
        DisplayRounding.Points(p.CardSpending), DisplayRounding.Points(p.Settlement));
}

/// <summary>The next star points alone can reach, and how many points are missing; null at 7 stars.</summary>
public sealed record NextStarView(string Star, decimal PointsNeeded);

/// <summary>A manual setting in force (star-model §3.2).</summary>
public sealed record ManualStarView(string Star, string Reason, DateTimeOffset? ExpiresAt, string SetBy, DateTimeOffset? SetAt)
{
    public static ManualStarView From(ManualStar m, BankTime bankTime) =>
        new(m.Star.ToWire(), m.Reason, bankTime.From(m.ExpiresAt), m.SetBy, bankTime.From(m.SetAt));
}
