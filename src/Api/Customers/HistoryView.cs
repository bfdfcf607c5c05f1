using CrmActors.Abstractions;
using CrmActors.Abstractions.History;
using CrmActors.Scoring;

namespace CrmActors.Api.Customers;

/// <summary><c>GET …/history?after=&amp;limit=</c> (contract "Manual adjustment": audited; "Extensions": every change
/// since the customer was first seen, paged): oldest first; <see cref="NextAfter"/> continues the list, null at its end.</summary>
public sealed record HistoryView(string CustomerId, IReadOnlyList<StarChangeView> Changes, long? NextAfter)
{
    public static HistoryView From(string customerId, StarHistoryPage page, BankTime bankTime) =>
        new(customerId, [.. page.Entries.Select(e => StarChangeView.From(e, bankTime))], page.NextAfter);
}

/// <summary>One change of service star with its number, its cause and the points at that moment (star-model §3), and
/// the rule set version it was computed under (docs/contract-extension-rule-sets.md; null before versions existed).</summary>
public sealed record StarChangeView(
    long Seq,
    string OldStar,
    string NewStar,
    StarChangeCause Cause,
    decimal Points,
    BreakdownView Breakdown,
    DateTimeOffset At,
    string? Reason,
    string? ChangedBy,
    string? RuleVersion)
{
    public static StarChangeView From(StarHistoryEntry e, BankTime bankTime) => new(
        e.Seq, e.Change.OldStar.ToWire(), e.Change.NewStar.ToWire(), e.Change.Cause, DisplayRounding.Points(e.Change.Points),
        BreakdownView.From(e.Change.Breakdown), bankTime.From(e.Change.At), e.Change.Reason, e.Change.ChangedBy,
        e.Change.RuleVersion);
}
