using CrmActors.Abstractions;
using CrmActors.Scoring;

namespace CrmActors.Api.Customers;

/// <summary><c>GET …/history</c> (contract "Manual adjustment": audited): every service-star change, oldest first.</summary>
public sealed record HistoryView(string CustomerId, IReadOnlyList<StarChangeView> Changes);

/// <summary>One change of service star with its cause and the points at that moment (star-model §3).</summary>
public sealed record StarChangeView(
    string OldStar,
    string NewStar,
    StarChangeCause Cause,
    decimal Points,
    BreakdownView Breakdown,
    DateTimeOffset At,
    string? Reason,
    string? ChangedBy)
{
    public static StarChangeView From(StarChangeNotice n, BankTime bankTime) => new(
        n.OldStar.ToWire(), n.NewStar.ToWire(), n.Cause, DisplayRounding.Points(n.Points),
        BreakdownView.From(n.Breakdown), bankTime.From(n.At), n.Reason, n.ChangedBy);
}
