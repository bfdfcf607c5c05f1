using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CrmActors.Abstractions;

namespace CrmActors.Persistence.Journal;

/// <summary>How an event is stored in the journal, and the hash that tells "same id, same content" (a duplicate)
/// from "same id, other content" (409). The hash is over a canonical form, so 100 and 100.00, or one instant written
/// in two offsets, are the same content — as they are to the contract.</summary>
public static class EventContent
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static byte[] Payload(IngestedEvent e) => JsonSerializer.SerializeToUtf8Bytes(e with { OccurredAt = e.OccurredAt.ToUniversalTime() }, Json);

    public static IngestedEvent Read(ReadOnlySpan<byte> payload) =>
        JsonSerializer.Deserialize<IngestedEvent>(payload, Json) ?? throw new InvalidDataException("An empty journal payload.");

    public static byte[] Hash(IngestedEvent e)
    {
        var canonical = string.Join('\u001f',
            e.EventId, e.CustomerId, e.OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture), (int)e.Type,
            e.AccountId, Code(e.Indicator), Number(e.Balance), Code(e.Business), Number(e.Amount), e.BusinessCode,
            Number(e.FeeShare ?? (e.Type == CustomerEventType.FeeBusiness ? 1m : null)), Code(e.Product), Code(e.Action),
            e.BranchId, Code(e.Channel), e.HomeBranchId, e.ManagerId, e.DisplayName);
        return SHA256.HashData(Encoding.UTF8.GetBytes(canonical)).AsSpan(0, 16).ToArray();
    }

    private static string Code<T>(T? value) where T : struct, Enum =>
        value is { } v ? Convert.ToInt32(v, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) : "";

    /// <summary>Trailing zeros do not change an amount: 100 and 100.00 hash alike.</summary>
    private static string Number(decimal? value) =>
        value is { } v ? (v / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture) : "";
}
