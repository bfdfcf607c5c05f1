using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CrmActors.Scoring;

namespace CrmActors.Simulator.Events;

/// <summary>The contract's JSON for one event (camelCase, times ISO-8601 with the bank's +08:00 offset to the second,
/// money as a number with exactly two decimals), one event per line in files. Writing is deterministic, so the same
/// event is always the same bytes: a retried batch is byte-identical and the engine counts it as duplicates.</summary>
public static class EventJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Chinese display names as UTF-8, not \uXXXX escapes: what a bank's producer would send.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:sszzz";

    public static string Wire(SimEventType type) => type switch
    {
        SimEventType.Balance => "balance",
        SimEventType.FeeBusiness => "feeBusiness",
        SimEventType.Product => "product",
        SimEventType.BranchVisit => "branchVisit",
        SimEventType.Profile => "profile",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static string Wire(BalanceIndicator indicator) => indicator switch
    {
        BalanceIndicator.ShortTermAssets => "shortTermAssets",
        BalanceIndicator.LongTermAssets => "longTermAssets",
        BalanceIndicator.Mortgage => "mortgage",
        BalanceIndicator.OtherLoans => "otherLoans",
        BalanceIndicator.CardOverdraft => "cardOverdraft",
        _ => throw new ArgumentOutOfRangeException(nameof(indicator)),
    };

    public static string Wire(FeeBusinessType business) => business switch
    {
        FeeBusinessType.Investment => "investment",
        FeeBusinessType.CardSpending => "cardSpending",
        FeeBusinessType.Settlement => "settlement",
        _ => throw new ArgumentOutOfRangeException(nameof(business)),
    };

    public static string Wire(ProductType product) => product switch
    {
        ProductType.PrivateBanking => "privateBanking",
        ProductType.WealthCard => "wealthCard",
        ProductType.PlatinumCreditCard => "platinumCreditCard",
        ProductType.WealthAccount => "wealthAccount",
        ProductType.GoldCreditCard => "goldCreditCard",
        ProductType.ClassicCreditCard => "classicCreditCard",
        _ => throw new ArgumentOutOfRangeException(nameof(product)),
    };

    public static string Wire(ProductAction action) => action == ProductAction.Opened ? "opened" : "closed";

    public static string Wire(VisitChannel channel) => channel switch
    {
        VisitChannel.Counter => "counter",
        VisitChannel.Kiosk => "kiosk",
        VisitChannel.Lobby => "lobby",
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };

    public static string Time(DateTimeOffset at) => at.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Money with exactly two decimals (1234.5 → 1234.50); the value must already be whole cents.</summary>
    public static decimal Money(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero) + 0.00m;

    public static void Write(Utf8JsonWriter w, SimEvent e)
    {
        w.WriteStartObject();
        w.WriteString("eventId", e.EventId);
        w.WriteString("customerId", e.CustomerId);
        w.WriteString("occurredAt", Time(e.OccurredAt));
        w.WriteString("type", Wire(e.Type));
        switch (e.Type)
        {
            case SimEventType.Balance:
                w.WriteString("accountId", e.AccountId);
                w.WriteString("indicator", Wire(e.Indicator!.Value));
                w.WriteNumber("balance", Money(e.Balance!.Value));
                break;
            case SimEventType.FeeBusiness:
                w.WriteString("business", Wire(e.Business!.Value));
                w.WriteNumber("amount", Money(e.Amount!.Value));
                if (e.BusinessCode is not null) w.WriteString("businessCode", e.BusinessCode);
                if (e.FeeShare is { } share) w.WriteNumber("feeShare", share);
                break;
            case SimEventType.Product:
                w.WriteString("product", Wire(e.Product!.Value));
                w.WriteString("action", Wire(e.Action!.Value));
                break;
            case SimEventType.BranchVisit:
                w.WriteString("branchId", e.BranchId);
                w.WriteString("channel", Wire(e.Channel!.Value));
                break;
            case SimEventType.Profile:
                w.WriteString("homeBranchId", e.HomeBranchId);
                if (e.ManagerId is not null) w.WriteString("managerId", e.ManagerId);
                if (e.DisplayName is not null) w.WriteString("displayName", e.DisplayName);
                break;
        }
        w.WriteEndObject();
    }

    /// <summary>One event as one line of UTF-8 JSON (no newline).</summary>
    public static byte[] ToUtf8(SimEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions)) Write(w, e);
        return buffer.WrittenSpan.ToArray();
    }

    public static string ToLine(SimEvent e) => Encoding.UTF8.GetString(ToUtf8(e));

    /// <summary>Reads one event of the contract's JSON (a line of a file the simulator wrote, or any producer's).</summary>
    /// <exception cref="FormatException">When the line is not an event the contract allows.</exception>
    public static SimEvent Parse(ReadOnlySpan<byte> utf8)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(utf8.ToArray()); }
        catch (JsonException ex) { throw new FormatException($"not JSON: {ex.Message}", ex); }
        using (doc)
        {
            var o = doc.RootElement;
            if (o.ValueKind != JsonValueKind.Object) throw new FormatException("an event must be a JSON object");
            var type = Enum<SimEventType>(o, "type", ParseType);
            var e = new SimEvent(Str(o, "eventId")!, Str(o, "customerId")!, TimeOf(o, "occurredAt"), type);
            return type switch
            {
                SimEventType.Balance => e with
                {
                    AccountId = Str(o, "accountId"),
                    Indicator = Enum(o, "indicator", ParseIndicator),
                    Balance = Dec(o, "balance"),
                },
                SimEventType.FeeBusiness => e with
                {
                    Business = Enum(o, "business", ParseBusiness),
                    Amount = Dec(o, "amount"),
                    BusinessCode = Str(o, "businessCode", required: false),
                    FeeShare = o.TryGetProperty("feeShare", out var fs) && fs.ValueKind == JsonValueKind.Number ? fs.GetDecimal() : null,
                },
                SimEventType.Product => e with
                {
                    Product = Enum(o, "product", ParseProduct),
                    Action = Enum(o, "action", ParseAction),
                },
                SimEventType.BranchVisit => e with
                {
                    BranchId = Str(o, "branchId"),
                    Channel = Enum(o, "channel", ParseChannel),
                },
                _ => e with
                {
                    HomeBranchId = Str(o, "homeBranchId"),
                    ManagerId = Str(o, "managerId", required: false),
                    DisplayName = Str(o, "displayName", required: false),
                },
            };
        }
    }

    private static string? Str(JsonElement o, string name, bool required = true)
    {
        if (o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String) return v.GetString();
        if (required) throw new FormatException($"'{name}' is required and must be a string");
        return null;
    }

    private static decimal Dec(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d)
            ? d
            : throw new FormatException($"'{name}' is required and must be a number");

    private static DateTimeOffset TimeOf(JsonElement o, string name)
    {
        var s = Str(o, name)!;
        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at
            : throw new FormatException($"'{name}' is not an ISO-8601 time: {s}");
    }

    private static T Enum<T>(JsonElement o, string name, Func<string, T?> parse) where T : struct =>
        parse(Str(o, name)!) ?? throw new FormatException($"'{name}' has an unknown value '{Str(o, name)}'");

    private static SimEventType? ParseType(string s) => s switch
    {
        "balance" => SimEventType.Balance,
        "feeBusiness" => SimEventType.FeeBusiness,
        "product" => SimEventType.Product,
        "branchVisit" => SimEventType.BranchVisit,
        "profile" => SimEventType.Profile,
        _ => null,
    };

    private static ProductAction? ParseAction(string s) => s switch
    {
        "opened" => ProductAction.Opened,
        "closed" => ProductAction.Closed,
        _ => null,
    };

    private static BalanceIndicator? ParseIndicator(string s) =>
        System.Enum.GetValues<BalanceIndicator>().Select(x => (BalanceIndicator?)x).FirstOrDefault(x => Wire(x!.Value) == s);

    private static FeeBusinessType? ParseBusiness(string s) =>
        System.Enum.GetValues<FeeBusinessType>().Select(x => (FeeBusinessType?)x).FirstOrDefault(x => Wire(x!.Value) == s);

    private static ProductType? ParseProduct(string s) =>
        System.Enum.GetValues<ProductType>().Select(x => (ProductType?)x).FirstOrDefault(x => Wire(x!.Value) == s);

    private static VisitChannel? ParseChannel(string s) =>
        System.Enum.GetValues<VisitChannel>().Select(x => (VisitChannel?)x).FirstOrDefault(x => Wire(x!.Value) == s);
}
