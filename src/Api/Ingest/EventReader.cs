using System.Text.Json;
using CrmActors.Abstractions;
using CrmActors.Api.Json;
using CrmActors.Scoring;

namespace CrmActors.Api.Ingest;

/// <summary>Reads one event of a batch from the JSON DOM and checks every field of the contract's event table
/// (contract "Ingesting events"), recording every error instead of stopping at the first.</summary>
public sealed class EventReader
{
    private readonly JsonElement _event;
    private readonly int _index;
    private readonly string? _eventId;
    private readonly List<IngestError> _errors;

    private EventReader(JsonElement e, int index, List<IngestError> errors)
    {
        _event = e;
        _index = index;
        _errors = errors;
        // The event id as sent, for error reports, even when the event is otherwise broken.
        _eventId = e.TryGetProperty("eventId", out var id) && id.ValueKind == JsonValueKind.String ? TryGetString(id) : null;
    }

    /// <summary>The validated event, or null when it has errors (added to <paramref name="errors"/>).</summary>
    public static IngestedEvent? Read(JsonElement e, int index, DateTimeOffset now, List<IngestError> errors)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new IngestError(index, null, "event", "must be a JSON object"));
            return null;
        }
        var reader = new EventReader(e, index, errors);
        int before = errors.Count;
        var result = reader.Read(now);
        return errors.Count == before ? result : null;
    }

    private IngestedEvent? Read(DateTimeOffset now)
    {
        string? eventId = RequiredString("eventId", maxLength: 128);
        string? customerId = RequiredString("customerId", maxLength: 64);
        DateTimeOffset? occurredAt = RequiredTime("occurredAt", now);
        CustomerEventType? type = RequiredEnum<CustomerEventType>("type");
        if (eventId is null || customerId is null || occurredAt is null || type is null)
        {
            // Still check what the type asks for when the type itself is known, so every error is listed.
            if (type is { } t) ReadTyped(t, "", "", default);
            return null;
        }
        return ReadTyped(type.Value, eventId, customerId, occurredAt.Value);
    }

    private IngestedEvent? ReadTyped(CustomerEventType type, string eventId, string customerId, DateTimeOffset at)
    {
        switch (type)
        {
            case CustomerEventType.Balance:
            {
                var accountId = RequiredString("accountId");
                var indicator = RequiredEnum<BalanceIndicator>("indicator");
                var balance = RequiredMoney("balance", allowZero: true);
                return accountId is null || indicator is null || balance is null ? null
                    : new IngestedEvent(eventId, customerId, at, type, AccountId: accountId, Indicator: indicator, Balance: balance);
            }
            case CustomerEventType.FeeBusiness:
            {
                var business = RequiredEnum<FeeBusinessType>("business");
                var amount = RequiredMoney("amount", allowZero: false);
                var businessCode = OptionalString("businessCode");
                var feeShare = OptionalFeeShare("feeShare");
                // Contract: feeShare defaults to 1; normalised so "absent" and "1" are the same content.
                return business is null || amount is null ? null
                    : new IngestedEvent(eventId, customerId, at, type, Business: business, Amount: amount,
                        BusinessCode: businessCode, FeeShare: feeShare ?? 1m);
            }
            case CustomerEventType.Product:
            {
                var product = RequiredEnum<ProductType>("product");
                var action = RequiredEnum<ProductAction>("action");
                return product is null || action is null ? null
                    : new IngestedEvent(eventId, customerId, at, type, Product: product, Action: action);
            }
            case CustomerEventType.BranchVisit:
            {
                var branchId = RequiredString("branchId");
                var channel = RequiredEnum<VisitChannel>("channel");
                return branchId is null || channel is null ? null
                    : new IngestedEvent(eventId, customerId, at, type, BranchId: branchId, Channel: channel);
            }
            case CustomerEventType.Profile:
            {
                var homeBranchId = RequiredString("homeBranchId");
                var managerId = OptionalString("managerId");
                var displayName = OptionalString("displayName");
                return homeBranchId is null ? null
                    : new IngestedEvent(eventId, customerId, at, type, HomeBranchId: homeBranchId, ManagerId: managerId,
                        DisplayName: displayName);
            }
            default:
                return null;
        }
    }

    private void Error(string field, string message) => _errors.Add(new IngestError(_index, _eventId, field, message));

    /// <summary>Absent and JSON null both count as "not given".</summary>
    private bool TryGet(string field, out JsonElement value) =>
        _event.TryGetProperty(field, out value) && value.ValueKind != JsonValueKind.Null;

    private string? RequiredString(string field, int maxLength = int.MaxValue)
    {
        if (!TryGet(field, out var v)) { Error(field, "is required"); return null; }
        return CheckString(field, v, maxLength);
    }

    private string? OptionalString(string field) => TryGet(field, out var v) ? CheckString(field, v, int.MaxValue) : null;

    private string? CheckString(string field, JsonElement v, int maxLength)
    {
        if (v.ValueKind != JsonValueKind.String) { Error(field, "must be a string"); return null; }
        var s = TryGetString(v);
        if (s is null) { Error(field, "is not valid text"); return null; }
        if (string.IsNullOrWhiteSpace(s)) { Error(field, "must not be empty or blank"); return null; }
        // "chars" as characters (code points), as a database's varchar(n) counts them.
        // A string never has more code points than UTF-16 units, so only a long one needs counting (LINQ's Count over
        // the rune enumerator boxed it: measured 16 % of the API's CPU under load).
        if (s.Length > maxLength && RuneCount(s) > maxLength)
        {
            Error(field, $"must be 1 to {maxLength} characters");
            return null;
        }
        return s;
    }

    private static int RuneCount(string s)
    {
        int count = 0;
        foreach (var _ in s.EnumerateRunes()) count++;
        return count;
    }

    private static string? TryGetString(JsonElement v)
    {
        try { return v.GetString(); }
        catch (InvalidOperationException) { return null; } // e.g. an escaped lone surrogate
    }

    private T? RequiredEnum<T>(string field) where T : struct, Enum
    {
        if (!TryGet(field, out var v)) { Error(field, "is required"); return null; }
        if (v.ValueKind == JsonValueKind.String && WireEnum<T>.TryParse(TryGetString(v), out var value)) return value;
        Error(field, $"must be one of: {WireEnum<T>.Names}");
        return null;
    }

    /// <summary>Contract: money is a JSON number in CNY with at most two decimals.</summary>
    private decimal? RequiredMoney(string field, bool allowZero)
    {
        if (!TryGet(field, out var v)) { Error(field, "is required"); return null; }
        if (v.ValueKind != JsonValueKind.Number) { Error(field, "must be a number"); return null; }
        if (!v.TryGetDecimal(out var amount)) { Error(field, "is out of range"); return null; }
        if (amount != decimal.Round(amount, 2)) { Error(field, "must have at most two decimals"); return null; }
        if (allowZero ? amount < 0 : amount <= 0)
        {
            Error(field, allowZero ? "must be zero or more" : "must be greater than zero");
            return null;
        }
        return amount;
    }

    /// <summary>Contract: feeShare is a number in [0, 1], optional.</summary>
    private decimal? OptionalFeeShare(string field)
    {
        if (!TryGet(field, out var v)) return null;
        if (v.ValueKind != JsonValueKind.Number) { Error(field, "must be a number"); return null; }
        if (!v.TryGetDecimal(out var share) || share < 0m || share > 1m) { Error(field, "must be between 0 and 1"); return null; }
        return share;
    }

    /// <summary>Contract: times are ISO-8601 with an offset. Not more than <see cref="IngestOptions.MaxFutureSkew"/>
    /// ahead of now: an event from the future is a producer's clock or data error.</summary>
    private DateTimeOffset? RequiredTime(string field, DateTimeOffset now)
    {
        if (!TryGet(field, out var v)) { Error(field, "is required"); return null; }
        var text = v.ValueKind == JsonValueKind.String ? TryGetString(v) : null;
        if (!ContractTime.TryParse(text, out var at))
        {
            Error(field, ContractTime.Expected);
            return null;
        }
        if (at > now + IngestOptions.MaxFutureSkew)
        {
            Error(field, $"must not be more than {IngestOptions.MaxFutureSkew.TotalMinutes:0} minutes in the future");
            return null;
        }
        return at;
    }
}
