using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmActors.Scoring;

namespace CrmActors.Abstractions.Rules;

/// <summary>A version's figures as stored: JSON with the contract's names (the same as the admin API's body), so a
/// row reads on its own. Bank time is not a figure of a version: it is the configured zone.</summary>
public static class RuleSetCodec
{
    public static string Encode(StarModelOptions o)
    {
        var rates = new JsonObject();
        foreach (var name in IndicatorRates.Names) rates[name] = o.Rates[name];
        var thresholds = new JsonObject();
        foreach (var star in StarThresholds.Rated) thresholds[star.ToWire()] = o.Thresholds.For(star);
        var caps = new JsonObject();
        foreach (var (code, cap) in o.FeeCaps.OrderBy(c => c.Key, StringComparer.Ordinal)) caps[code] = cap;
        var floors = new JsonObject();
        foreach (var (product, star) in o.ProductFloors.OrderBy(f => f.Key)) floors[RuleSetValidation.ProductName(product)] = star.ToWire();
        return new JsonObject
        {
            ["rates"] = rates, ["thresholds"] = thresholds, ["windowDays"] = o.WindowDays,
            ["ratingDayOfMonth"] = o.RatingDayOfMonth, ["feeCaps"] = caps, ["productFloors"] = floors,
        }.ToJsonString();
    }

    public static StarModelOptions Decode(string json, TimeZoneInfo bankTime)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var rates = IndicatorRates.Published;
        foreach (var (name, value) in root["rates"]!.AsObject()) rates = rates.With(name, value!.GetValue<decimal>());
        var thresholds = StarThresholds.Published;
        foreach (var (star, value) in root["thresholds"]!.AsObject())
            thresholds = thresholds.With(Wire(star), value!.GetValue<decimal>());
        var caps = root["feeCaps"]!.AsObject().ToDictionary(c => c.Key, c => c.Value!.GetValue<decimal>(), StringComparer.Ordinal);
        var floors = root["productFloors"]!.AsObject().ToDictionary(f => Product(f.Key), f => Wire(f.Value!.GetValue<string>()));
        return new StarModelOptions
        {
            Rates = rates, Thresholds = thresholds, WindowDays = root["windowDays"]!.GetValue<int>(),
            RatingDayOfMonth = root["ratingDayOfMonth"]!.GetValue<int>(), FeeCaps = caps, ProductFloors = floors,
            BankTimeZone = bankTime,
        };
    }

    /// <summary>A product by its contract name, or null.</summary>
    public static ProductType? ProductNamed(string name) =>
        Enum.GetValues<ProductType>().Cast<ProductType?>().FirstOrDefault(p => RuleSetValidation.ProductName(p!.Value) == name);

    private static ProductType Product(string name) =>
        ProductNamed(name) ?? throw new InvalidDataException($"Unknown product '{name}' in a stored rule set.");

    private static Star Wire(string text) =>
        StarScale.TryParseWire(text, out var star) ? star : throw new InvalidDataException($"Unknown star '{text}' in a stored rule set.");

    /// <summary>The date form used in rows and answers: yyyy-MM-dd.</summary>
    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
