using System.Runtime.InteropServices;
using System.Text.Json;
using CrmActors.Abstractions;
using CrmActors.Abstractions.Changes;
using CrmActors.Api.Domain;
using CrmActors.Api.Json;
using CrmActors.Scoring;

namespace CrmActors.Api.Ingest;

/// <summary>Reads one event of a batch from the JSON DOM and checks every field against the contract's event table
/// and the declared domain (<see cref="FieldDomain"/>, <see cref="LedgerDomain"/>), recording every error instead of
/// stopping at the first.</summary>
public readonly struct EventReader
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

    /// <summary>The validated event of <paramref name="producer"/>, or null when it has errors (added to
    /// <paramref name="errors"/>).</summary>
    public static CustomerChange? Read(JsonElement e, int index, string producer, DateTimeOffset now, List<IngestError> errors)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new IngestError(index, null, "event", "must be a JSON object"));
            return null;
        }
        var reader = new EventReader(e, index, errors);
        int before = errors.Count;
        var result = reader.Read(producer, now);
        return errors.Count == before ? result : null;
    }

    private CustomerChange? Read(string producer, DateTimeOffset now)
    {
        string? eventId = RequiredString("eventId", FieldDomain.EventIdMax);
        string? customerId = RequiredString("customerId", FieldDomain.CustomerIdMax, key: true);
        DateTimeOffset? occurredAt = RequiredTime("occurredAt", now);
        CustomerEventType? type = RequiredEnum<CustomerEventType>("type");
        var header = new Header(customerId ?? "", producer, eventId ?? "", occurredAt ?? default);
        // Still check what the type asks for when the type itself is known, so every error is listed.
        var change = type is { } t ? ReadTyped(t, header) : null;
        return eventId is null || customerId is null || occurredAt is null ? null : change;
    }

    private readonly record struct Header(string CustomerId, string Producer, string ChangeId, DateTimeOffset OccurredAt);

    private CustomerChange? ReadTyped(CustomerEventType type, Header h)
    {
        switch (type)
        {
            case CustomerEventType.Balance:
            {
                var accountId = RequiredString("accountId", FieldDomain.AccountIdMax);
                var indicator = RequiredEnum<BalanceIndicator>("indicator");
                var balance = RequiredMoney("balance", min: 0m);
                return accountId is null || indicator is null || balance is null ? null : new BalanceEvent
                {
                    CustomerId = h.CustomerId, Producer = h.Producer, ChangeId = h.ChangeId, OccurredAt = h.OccurredAt,
                    AccountId = accountId, Indicator = indicator.Value, Balance = balance.Value,
                };
            }
            case CustomerEventType.FeeBusiness:
            {
                var business = RequiredEnum<FeeBusinessType>("business");
                var amount = RequiredMoney("amount", min: 0.01m);
                var businessCode = OptionalString("businessCode", FieldDomain.BusinessCodeMax);
                var feeShare = OptionalFeeShare("feeShare");
                // Contract: feeShare defaults to 1; normalised so "absent" and "1" are the same content.
                return business is null || amount is null ? null : new FeeBusinessEvent
                {
                    CustomerId = h.CustomerId, Producer = h.Producer, ChangeId = h.ChangeId, OccurredAt = h.OccurredAt,
                    Business = business.Value, Amount = amount.Value, BusinessCode = businessCode, FeeShare = feeShare ?? 1m,
                };
            }
            case CustomerEventType.Product:
            {
                var product = RequiredEnum<ProductType>("product");
                var action = RequiredEnum<ProductAction>("action");
                return product is null || action is null ? null : new ProductEvent
                {
                    CustomerId = h.CustomerId, Producer = h.Producer, ChangeId = h.ChangeId, OccurredAt = h.OccurredAt,
                    Product = product.Value, Action = action.Value,
                };
            }
            case CustomerEventType.BranchVisit:
            {
                var branchId = RequiredString("branchId", FieldDomain.BranchIdMax, key: true);
                var channel = RequiredEnum<VisitChannel>("channel");
                return branchId is null || channel is null ? null : new BranchVisitEvent
                {
                    CustomerId = h.CustomerId, Producer = h.Producer, ChangeId = h.ChangeId, OccurredAt = h.OccurredAt,
                    BranchId = branchId, Channel = channel.Value,
                };
            }
            case CustomerEventType.Profile:
            {
                var homeBranchId = RequiredString("homeBranchId", FieldDomain.BranchIdMax, key: true);
                var managerId = OptionalString("managerId", FieldDomain.ManagerIdMax, key: true);
                var displayName = OptionalString("displayName", FieldDomain.DisplayNameMax);
                return homeBranchId is null ? null : new ProfileEvent
                {
                    CustomerId = h.CustomerId, Producer = h.Producer, ChangeId = h.ChangeId, OccurredAt = h.OccurredAt,
                    HomeBranchId = homeBranchId, ManagerId = managerId, DisplayName = displayName,
                };
            }
            default:
                return null;
        }
    }

    private void Error(string field, string message) => _errors.Add(new IngestError(_index, _eventId, field, message));

    /// <summary>Absent and JSON null both count as "not given".</summary>
    private bool TryGet(string field, out JsonElement value) =>
        _event.TryGetProperty(field, out value) && value.ValueKind != JsonValueKind.Null;

    /// <param name="key">The string names a grain (customer, branch, manager): <see cref="FieldDomain.KeyProblem"/>.</param>
    private string? RequiredString(string field, int maxLength, bool key = false)
    {
        if (!TryGet(field, out var v)) { Error(field, "is required"); return null; }
        return CheckString(field, v, maxLength, key);
    }

    private string? OptionalString(string field, int maxLength, bool key = false) =>
        TryGet(field, out var v) ? CheckString(field, v, maxLength, key) : null;

    private string? CheckString(string field, JsonElement v, int maxLength, bool key)
    {
        if (v.ValueKind != JsonValueKind.String) { Error(field, "must be a string"); return null; }
        var s = TryGetString(v);
        if (s is null) { Error(field, "is not valid text"); return null; }
        if ((key ? FieldDomain.KeyProblem(s, maxLength) : FieldDomain.Problem(s, maxLength)) is { } problem)
        {
            Error(field, problem);
            return null;
        }
        return s;
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

    /// <summary>Money: a JSON number in CNY with at most two decimals (contract), within the declared bounds.</summary>
    private decimal? RequiredMoney(string field, decimal min)
    {
        if (!TryGet(field, out var v)) { Error(field, "is required"); return null; }
        if (v.ValueKind != JsonValueKind.Number) { Error(field, "must be a number"); return null; }
        if (ExactNumber.TryRead(JsonMarshal.GetRawUtf8Value(v), min, LedgerDomain.MaxMoney, LedgerDomain.MoneyDecimals, out var amount))
            return amount;
        Error(field, FieldDomain.Describe(min, LedgerDomain.MoneyDecimals));
        return null;
    }

    /// <summary>Contract: feeShare is a number in [0, 1], optional; at most four decimals.</summary>
    private decimal? OptionalFeeShare(string field)
    {
        if (!TryGet(field, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number
            && ExactNumber.TryRead(JsonMarshal.GetRawUtf8Value(v), 0m, 1m, LedgerDomain.FeeShareDecimals, out var share))
            return share;
        Error(field, $"must be a number from 0 to 1 with at most {LedgerDomain.FeeShareDecimals} decimals");
        return null;
    }

    /// <summary>Contract: times are ISO-8601 with an offset; within the declared range (not before 2000, not more
    /// than five minutes ahead of now: an event from the future is a producer's clock or data error).</summary>
    private DateTimeOffset? RequiredTime(string field, DateTimeOffset now)
    {
        if (!TryGet(field, out var v)) { Error(field, "is required"); return null; }
        var text = v.ValueKind == JsonValueKind.String ? TryGetString(v) : null;
        if (!ContractTime.TryParse(text, out var at))
        {
            Error(field, ContractTime.Expected);
            return null;
        }
        var (earliest, latest) = FieldDomain.TimeRange(now);
        if (at < earliest || at > latest)
        {
            Error(field, $"must be from {earliest:yyyy-MM-dd} to {LedgerDomain.MaxFutureSkew.TotalMinutes:0} minutes after now");
            return null;
        }
        return at;
    }
}
