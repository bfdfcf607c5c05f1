using CrmActors.Abstractions.Screens;
using CrmActors.Api.Customers;
using CrmActors.Scoring;

namespace CrmActors.Api.Screens;

/// <summary>A VIP alert as the front-desk screens get it (hub message <c>vipAlert</c> and the catch-up feed). The
/// name is masked: desk screens are tellers' (contract "profile"). <c>seq</c> is the desk's number of this message,
/// <c>alertId</c> the alert's, <c>stateSeq</c> the number of the alert's latest change.</summary>
public sealed record AlertView(
    string BranchId, string Epoch, long Seq, long AlertId, long StateSeq, DeskAlertKind Kind,
    string CustomerId, string? DisplayName, string ServiceStar, string? OldStar, StarChangeCause Cause,
    VisitChannel? Channel, DateTimeOffset OccurredAt, DateTimeOffset RaisedAt, decimal Points, BreakdownView Breakdown,
    NextStarView? NextStar, IReadOnlyList<ProductType> Products, IReadOnlyList<string> Offers, string? Reason,
    DeskAlertState State, string? HandledBy, DateTimeOffset? HandledAt, DateTimeOffset SentAt)
{
    public static AlertView From(string epoch, DeskAlert a, BankTime bankTime) => new(
        a.BranchId, epoch, a.StateSeq, a.Seq, a.StateSeq, a.Kind, a.CustomerId,
        a.DisplayName is { } name ? DisplayNameMask.Mask(name) : null,
        a.ServiceStar.ToWire(), a.OldStar?.ToWire(), a.Cause, a.Channel, bankTime.From(a.OccurredAt),
        bankTime.From(a.RaisedAt), DisplayRounding.Points(a.Points), BreakdownView.From(a.Breakdown),
        Next(a.NextStar, a.PointsNeeded), a.Products.IsDefault ? [] : [.. a.Products],
        ServiceGuide.Offers(a.ServiceStar, a.Products.IsDefault ? [] : a.Products, a.NextStar, a.PointsNeeded),
        a.Reason, a.State, a.HandledBy, bankTime.From(a.HandledAt), bankTime.From(DateTimeOffset.UtcNow));

    internal static NextStarView? Next(Star? star, decimal? needed) =>
        star is { } s ? new NextStarView(s.ToWire(), DisplayRounding.Needed(needed ?? 0m)) : null;
}

/// <summary>Hub message <c>alertHandled</c>: an alert acknowledged or served, for every screen of the branch.</summary>
public sealed record AlertHandledView(
    string BranchId, string Epoch, long Seq, long AlertId, DeskAlertState State, string HandledBy,
    DateTimeOffset OccurredAt, DateTimeOffset SentAt)
{
    public static AlertHandledView From(string epoch, DeskAlertHandled h, BankTime bankTime) =>
        new(h.BranchId, epoch, h.Seq, h.AlertSeq, h.State, h.HandledBy, bankTime.From(h.HandledAt), bankTime.From(DateTimeOffset.UtcNow));
}

/// <summary><c>GET /api/v1/desks/{branchId}/alerts?since=n&amp;epoch=e</c>.</summary>
public sealed record DeskFeedView(string BranchId, string Epoch, long LastSeq, string AlertLevel, bool Complete,
    IReadOnlyList<AlertView> Alerts);

/// <summary>Hub message <c>starChanged</c>: a star change of a customer of the manager's portfolio.</summary>
public sealed record StarChangedView(
    string ManagerId, string Epoch, long Seq, string CustomerId, string? DisplayName, string OldStar, string NewStar,
    bool Upgrade, StarChangeCause Cause, decimal Points, BreakdownView Breakdown, DateTimeOffset OccurredAt,
    NextStarView? NextStar, string? Reason, string? ChangedBy, DateTimeOffset SentAt)
{
    public static StarChangedView From(string epoch, PortfolioNotice n, BankTime bankTime) => new(
        n.ManagerId, epoch, n.Seq, n.CustomerId, n.DisplayName, n.OldStar.ToWire(), n.NewStar.ToWire(), n.IsUpgrade,
        n.Cause, DisplayRounding.Points(n.Points), BreakdownView.From(n.Breakdown), bankTime.From(n.At),
        AlertView.Next(n.NextStar, n.PointsNeeded), n.Reason, n.ChangedBy, bankTime.From(DateTimeOffset.UtcNow));
}

/// <summary><c>GET /api/v1/portfolios/{managerId}/notifications?since=n&amp;epoch=e</c>.</summary>
public sealed record PortfolioFeedView(string ManagerId, string Epoch, long LastSeq, bool Complete,
    IReadOnlyList<StarChangedView> Notifications);

/// <summary><c>GET /api/v1/portfolios/{managerId}</c>: the customers with their stars, and the opportunities.</summary>
public sealed record PortfolioView(string ManagerId, int Count, IReadOnlyList<PortfolioCustomerView> Customers,
    IReadOnlyList<OpportunityView> Opportunities, DateTimeOffset AsOf)
{
    public static PortfolioView From(PortfolioSummary p, BankTime bankTime) => new(
        p.ManagerId, p.Customers.Length,
        [.. p.Customers.OrderByDescending(c => c.ServiceStar).ThenByDescending(c => c.Points).Select(c => new PortfolioCustomerView(
            c.CustomerId, c.DisplayName, c.ServiceStar.ToWire(), c.ContributionStar.ToWire(), c.ServiceStarCause,
            DisplayRounding.Points(c.Points), AlertView.Next(c.NextStar, c.PointsNeeded),
            c.Products.IsDefault ? [] : [.. c.Products], c.HomeBranchId))],
        [.. p.Opportunities.Select(o => new OpportunityView(o.CustomerId, o.DisplayName, o.ServiceStar.ToWire(),
            o.NextStar.ToWire(), DisplayRounding.Points(o.Points), DisplayRounding.Needed(o.PointsNeeded),
            decimal.Round(o.ShareNeeded, 4, MidpointRounding.AwayFromZero)))],
        bankTime.From(p.AsOf));
}

public sealed record PortfolioCustomerView(string CustomerId, string? DisplayName, string ServiceStar,
    string ContributionStar, StarChangeCause ServiceStarCause, decimal Points, NextStarView? NextStar,
    IReadOnlyList<ProductType> Products, string? HomeBranchId);

/// <summary>A customer near the next star: points needed as an amount and as a share (0–1) of its threshold.</summary>
public sealed record OpportunityView(string CustomerId, string? DisplayName, string ServiceStar, string NextStar,
    decimal Points, decimal PointsNeeded, decimal ShareNeeded);

/// <summary>The signed-in staff member, and the screen of their role.</summary>
public sealed record MeView(string Username, string Role, string? BranchId, string? ManagerId, string Screen);

/// <summary><c>PUT /api/v1/desks/{branchId}/alert-level</c> body and answer.</summary>
public sealed record AlertLevelView(string BranchId, string AlertLevel);

public sealed record AlertLevelRequest(string? AlertLevel);

public sealed record SignInRequest(string? Username, string? Password);
