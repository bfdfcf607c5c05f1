using System.Text.Json.Nodes;

namespace CrmActors.Api.Tests.Support;

/// <summary>Contract events as JSON (contract "Ingesting events"), built field by field as a producer sends them.</summary>
public static class Ev
{
    public static string NewId(string prefix = "e") => $"{prefix}-{Guid.NewGuid():N}";

    public static string Time(DateTimeOffset at) => at.ToString("O");

    private static JsonObject Base(string customerId, DateTimeOffset at, string type, string? eventId) => new()
    {
        ["eventId"] = eventId ?? NewId(),
        ["customerId"] = customerId,
        ["occurredAt"] = Time(at),
        ["type"] = type,
    };

    public static JsonObject Balance(string customerId, DateTimeOffset at, string indicator, decimal balance,
        string accountId = "ACC-1", string? eventId = null)
    {
        var e = Base(customerId, at, "balance", eventId);
        e["accountId"] = accountId;
        e["indicator"] = indicator;
        e["balance"] = balance;
        return e;
    }

    public static JsonObject Fee(string customerId, DateTimeOffset at, string business, decimal amount,
        decimal? feeShare = null, string? businessCode = null, string? eventId = null)
    {
        var e = Base(customerId, at, "feeBusiness", eventId);
        e["business"] = business;
        e["amount"] = amount;
        if (feeShare is not null) e["feeShare"] = feeShare;
        if (businessCode is not null) e["businessCode"] = businessCode;
        return e;
    }

    public static JsonObject Product(string customerId, DateTimeOffset at, string product, string action = "opened",
        string? eventId = null)
    {
        var e = Base(customerId, at, "product", eventId);
        e["product"] = product;
        e["action"] = action;
        return e;
    }

    public static JsonObject Visit(string customerId, DateTimeOffset at, string branchId, string channel = "counter",
        string? eventId = null)
    {
        var e = Base(customerId, at, "branchVisit", eventId);
        e["branchId"] = branchId;
        e["channel"] = channel;
        return e;
    }

    public static JsonObject Profile(string customerId, DateTimeOffset at, string homeBranchId, string? managerId = null,
        string? displayName = null, string? eventId = null)
    {
        var e = Base(customerId, at, "profile", eventId);
        e["homeBranchId"] = homeBranchId;
        if (managerId is not null) e["managerId"] = managerId;
        if (displayName is not null) e["displayName"] = displayName;
        return e;
    }

    /// <summary>The request body <c>{ "events": [ ... ] }</c>. Copies the events, so one event can be sent again.</summary>
    public static JsonObject Batch(params JsonNode[] events) =>
        new() { ["events"] = new JsonArray(events.Select(e => e.DeepClone()).ToArray()) };
}
