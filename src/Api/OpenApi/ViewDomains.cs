using System.Collections.Frozen;
using CrmActors.Api.Admin;
using CrmActors.Api.Customers;
using CrmActors.Api.Domain;
using CrmActors.Api.Ingest;
using CrmActors.Api.Outlook;

namespace CrmActors.Api.OpenApi;

/// <summary>The domains and meanings of the answers' fields, for the types that are the API's own answers (not
/// OpenAPI-only, so not annotated in place): stars as their wire names, ids in their domain, what a count or a page
/// link means. Keyed by declaring type and property name (nameof), so a renamed field fails to compile here.</summary>
public static class ViewDomains
{
    private static readonly DomainStarAttribute Star = new();

    private static readonly FrozenDictionary<(Type, string), DomainAttribute> ByProperty =
        new Dictionary<(Type, string), DomainAttribute>
        {
            [(typeof(IngestAcceptedResponse), nameof(IngestAcceptedResponse.Accepted))] =
                new DomainCountAttribute("Events of the batch newly accepted: durable in the journal."),
            [(typeof(IngestAcceptedResponse), nameof(IngestAcceptedResponse.Duplicates))] =
                new DomainCountAttribute("Events already accepted with the same content (changed nothing)."),
            [(typeof(IngestError), nameof(IngestError.Index))] =
                new DomainDescriptionAttribute { About = "The event's index in the batch; -1 for the body as a whole." },
            [(typeof(IngestError), nameof(IngestError.EventId))] =
                new DomainDescriptionAttribute { About = "The event's eventId as sent, when it could be read." },
            [(typeof(IngestError), nameof(IngestError.Field))] =
                new DomainDescriptionAttribute { About = "The field at fault (body, events, event, or a field of the event)." },
            [(typeof(CustomerView), nameof(CustomerView.CustomerId))] = new DomainTextAttribute(FieldDomain.CustomerIdMax) { Key = true },
            [(typeof(CustomerView), nameof(CustomerView.ContributionStar))] = Star,
            [(typeof(CustomerView), nameof(CustomerView.ServiceStar))] = Star,
            [(typeof(CustomerView), nameof(CustomerView.DisplayName))] =
                new DomainDescriptionAttribute { About = "Masked for tellers (张*明), in full for managers and admins." },
            [(typeof(NextStarView), nameof(NextStarView.Star))] = Star,
            [(typeof(ManualStarView), nameof(ManualStarView.Star))] = Star,
            [(typeof(HistoryView), nameof(HistoryView.Changes))] =
                new DomainDescriptionAttribute { About = "Service-star changes, oldest first, at most `limit`." },
            [(typeof(HistoryView), nameof(HistoryView.NextAfter))] =
                new DomainDescriptionAttribute { About = "Pass as `after` for the next page; null at the end of the history." },
            [(typeof(StarChangeView), nameof(StarChangeView.Seq))] =
                new DomainCountAttribute("The change's number in the customer's history, from 1."),
            [(typeof(StarChangeView), nameof(StarChangeView.OldStar))] = Star,
            [(typeof(StarChangeView), nameof(StarChangeView.NewStar))] = Star,
            [(typeof(OutlookView), nameof(OutlookView.CustomerId))] = new DomainTextAttribute(FieldDomain.CustomerIdMax) { Key = true },
            [(typeof(OutlookView), nameof(OutlookView.ProjectedContributionStar))] = Star,
            [(typeof(OutlookView), nameof(OutlookView.ProjectedServiceStar))] = Star,
            [(typeof(OutlookView), nameof(OutlookView.ServiceStar))] = Star,
            [(typeof(OutlookView), nameof(OutlookView.NextRatingDay))] =
                new DomainDescriptionAttribute { About = "The first rating day after now (bank time), a date." },
            [(typeof(OutlookView), nameof(OutlookView.PointsToKeep))] =
                new DomainDescriptionAttribute { About = "Points above projectedPoints that keep the current service star, rounded up; 0 when not at risk." },
            [(typeof(OutlookView), nameof(OutlookView.LiftOptions))] =
                new DomainDescriptionAttribute { About = "Per indicator, the smallest amount that added today lifts the projected contribution star to the star above the current service star; cheapest first." },
            [(typeof(LiftOptionView), nameof(LiftOptionView.Star))] = Star,
            [(typeof(LiftOptionView), nameof(LiftOptionView.Indicator))] =
                new DomainDescriptionAttribute { About = "One of the eight indicators, as named in breakdown." },
            [(typeof(AtRiskCustomerView), nameof(AtRiskCustomerView.ServiceStar))] = Star,
            [(typeof(AtRiskCustomerView), nameof(AtRiskCustomerView.ProjectedServiceStar))] = Star,
            [(typeof(DeadLettersView), nameof(DeadLettersView.Total))] = new DomainCountAttribute("Dead letters in all."),
            [(typeof(DeadLetterView), nameof(DeadLetterView.Txid))] =
                new DomainDescriptionAttribute { About = "The journal position's transaction id: an unsigned 64-bit number, as a string." },
            [(typeof(DeadLetterView), nameof(DeadLetterView.Reason))] =
                new DomainDescriptionAttribute { About = "Why the customer's ledger refused the change." },
        }.ToFrozenDictionary();

    public static DomainAttribute? Of(Type declaringType, string property) =>
        ByProperty.GetValueOrDefault((declaringType, property));
}
