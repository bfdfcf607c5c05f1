using System.Text.Json;
using CrmActors.Scoring;

namespace CrmActors.Abstractions.Changes;

/// <summary>Reads journal rows written before schema 005: one flat JSON object per contract event, property names as
/// in C#, enums as numbers, no producer (such rows belong to producer "").</summary>
internal static class LegacyJson
{
    public static CustomerChange Decode(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        using var document = JsonDocument.ParseValue(ref reader);
        var e = document.RootElement;
        string Str(string name) => e.GetProperty(name).GetString()!;
        string? Opt(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        int Num(string name) => e.GetProperty(name).GetInt32();
        string customer = Str("CustomerId"), id = Str("EventId");
        var at = e.GetProperty("OccurredAt").GetDateTimeOffset();
        return Num("Type") switch
        {
            0 => new BalanceEvent
            {
                CustomerId = customer, Producer = "", ChangeId = id, OccurredAt = at,
                AccountId = Str("AccountId"), Indicator = (BalanceIndicator)Num("Indicator"), Balance = e.GetProperty("Balance").GetDecimal(),
            },
            1 => new FeeBusinessEvent
            {
                CustomerId = customer, Producer = "", ChangeId = id, OccurredAt = at,
                Business = (FeeBusinessType)Num("Business"), Amount = e.GetProperty("Amount").GetDecimal(), BusinessCode = Opt("BusinessCode"),
                FeeShare = e.TryGetProperty("FeeShare", out var share) && share.ValueKind == JsonValueKind.Number ? share.GetDecimal() : 1m,
            },
            2 => new ProductEvent
            {
                CustomerId = customer, Producer = "", ChangeId = id, OccurredAt = at,
                Product = (ProductType)Num("Product"), Action = (ProductAction)Num("Action"),
            },
            3 => new BranchVisitEvent
            {
                CustomerId = customer, Producer = "", ChangeId = id, OccurredAt = at,
                BranchId = Str("BranchId"), Channel = (VisitChannel)Num("Channel"),
            },
            4 => new ProfileEvent
            {
                CustomerId = customer, Producer = "", ChangeId = id, OccurredAt = at,
                HomeBranchId = Str("HomeBranchId"), ManagerId = Opt("ManagerId"), DisplayName = Opt("DisplayName"),
            },
            var type => throw new InvalidDataException($"Unknown legacy event type {type}."),
        };
    }
}
