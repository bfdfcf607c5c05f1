using System.Text.Json.Nodes;

namespace CrmActors.Screens.Tests.Support;

/// <summary>Contract events as JSON (contract "Ingesting events"), as a producer sends them.</summary>
public static class Ev
{
    public static string NewId(string prefix = "e") => $"{prefix}-{Guid.NewGuid():N}";

    private static JsonObject Base(string customerId, DateTimeOffset at, string type) => new()
    {
        ["eventId"] = NewId(),
        ["customerId"] = customerId,
        ["occurredAt"] = at.ToString("O"),
        ["type"] = type,
    };

    public static JsonObject Balance(string customerId, DateTimeOffset at, decimal balance, string indicator = "shortTermAssets",
        string accountId = "ACC-1")
    {
        var e = Base(customerId, at, "balance");
        e["accountId"] = accountId;
        e["indicator"] = indicator;
        e["balance"] = balance;
        return e;
    }

    public static JsonObject Fee(string customerId, DateTimeOffset at, string business, decimal amount)
    {
        var e = Base(customerId, at, "feeBusiness");
        e["business"] = business;
        e["amount"] = amount;
        return e;
    }

    public static JsonObject Visit(string customerId, DateTimeOffset at, string branchId, string channel = "counter")
    {
        var e = Base(customerId, at, "branchVisit");
        e["branchId"] = branchId;
        e["channel"] = channel;
        return e;
    }

    public static JsonObject Profile(string customerId, DateTimeOffset at, string homeBranchId, string? managerId = null,
        string? displayName = null)
    {
        var e = Base(customerId, at, "profile");
        e["homeBranchId"] = homeBranchId;
        if (managerId is not null) e["managerId"] = managerId;
        if (displayName is not null) e["displayName"] = displayName;
        return e;
    }

    public static JsonObject Batch(params JsonNode[] events) =>
        new() { ["events"] = new JsonArray([.. events.Select(e => e.DeepClone())]) };
}
