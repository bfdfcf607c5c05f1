using System.Text;
using System.Text.Json;
using CrmActors.Abstractions.Rules;
using CrmActors.Api.Domain;
using CrmActors.Api.Http;
using CrmActors.Scoring;

namespace CrmActors.Api.Rules;

/// <summary>The body of <c>POST /api/v1/rule-sets</c> (docs/contract-extension-rule-sets.md): a version id and any
/// of the figures; each figure left out — a whole field, or one key of rates, thresholds, feeCaps, productFloors —
/// is the active version's. Every problem is reported with its field.</summary>
public static class RuleSetRequest
{
    private static readonly string[] Fields = ["version", "rates", "thresholds", "windowDays", "ratingDayOfMonth", "feeCaps", "productFloors"];

    public static async Task<(RuleSet? Version, IReadOnlyList<FieldError> Errors)> ReadAsync(Stream body, StarModelOptions active, CancellationToken ct)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(body, new JsonDocumentOptions { AllowDuplicateProperties = false }, ct);
            return Parse(document.RootElement, active);
        }
        catch (JsonException ex)
        {
            return (null, [new FieldError("body", $"is not valid JSON: {ex.Message}")]);
        }
        catch (InvalidOperationException)
        {
            return (null, [new FieldError("body", "is not valid text (an escaped lone surrogate)")]);
        }
    }

    public static (RuleSet? Version, IReadOnlyList<FieldError> Errors) Parse(JsonElement root, StarModelOptions active)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return (null, [new FieldError("body", "must be a JSON object with a version and the figures that change")]);
        var errors = new List<FieldError>();
        foreach (var property in root.EnumerateObject())
            if (!Fields.Contains(property.Name))
                errors.Add(new FieldError(property.Name, $"is not a field of a rule set ({string.Join(", ", Fields)})"));

        string? version = null;
        if (!root.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.String)
            errors.Add(new FieldError("version", "is required: a string"));
        else version = v.GetString();

        var options = active;
        var rates = active.Rates;
        foreach (var (name, value) in Entries(root, "rates", errors))
        {
            if (!IndicatorRates.Names.Contains(name))
                errors.Add(new FieldError($"rates.{name}", $"is not an indicator ({string.Join(", ", IndicatorRates.Names)})"));
            else if (Number(value, 4, $"rates.{name}", errors) is { } rate) rates = rates.With(name, rate);
        }
        var thresholds = active.Thresholds;
        foreach (var (name, value) in Entries(root, "thresholds", errors))
        {
            if (!StarScale.TryParseWire(name, out var star) || thresholds.For(star) is null)
                errors.Add(new FieldError($"thresholds.{name}", "is not a star with a points threshold (3, 4, 5, 6, 7)"));
            else if (Number(value, 4, $"thresholds.{name}", errors) is { } points) thresholds = thresholds.With(star, points);
        }
        var caps = new Dictionary<string, decimal>(active.FeeCaps, StringComparer.Ordinal);
        foreach (var (code, value) in Entries(root, "feeCaps", errors))
            if (Number(value, 2, $"feeCaps.{code}", errors) is { } cap) caps[code] = cap;
        var floors = new Dictionary<ProductType, Star>(active.ProductFloors);
        foreach (var (name, value) in Entries(root, "productFloors", errors))
        {
            if (RuleSetCodec.ProductNamed(name) is not { } product)
                errors.Add(new FieldError($"productFloors.{name}", $"is not a product ({string.Join(", ", Enum.GetValues<ProductType>().Select(RuleSetValidation.ProductName))})"));
            else if (value.ValueKind != JsonValueKind.String || !StarScale.TryParseWire(value.GetString(), out var star))
                errors.Add(new FieldError($"productFloors.{name}", "must be a star: \"unrated\", \"3\" … \"7\""));
            else floors[product] = star;
        }
        options = options with
        {
            Rates = rates, Thresholds = thresholds, FeeCaps = caps, ProductFloors = floors,
            WindowDays = Whole(root, "windowDays", errors) ?? active.WindowDays,
            RatingDayOfMonth = Whole(root, "ratingDayOfMonth", errors) ?? active.RatingDayOfMonth,
        };
        if (version is not null)
            foreach (var problem in RuleSetValidation.Problems(version, options))
                if (!errors.Any(e => e.Field == problem.Field)) errors.Add(new FieldError(problem.Field, problem.Message));
        return errors.Count > 0 || version is null ? (null, errors) : (new RuleSet { Version = version, Options = options }, errors);
    }

    private static IEnumerable<(string Name, JsonElement Value)> Entries(JsonElement root, string field, List<FieldError> errors)
    {
        if (!root.TryGetProperty(field, out var element)) return [];
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(field, "must be an object"));
            return [];
        }
        return [.. element.EnumerateObject().Select(p => (p.Name, p.Value))];
    }

    private static decimal? Number(JsonElement value, int decimals, string field, List<FieldError> errors)
    {
        if (value.ValueKind == JsonValueKind.Number &&
            ExactNumber.TryRead(Encoding.UTF8.GetBytes(value.GetRawText()), -LedgerDomain.MaxMoney, LedgerDomain.MaxMoney, decimals, out var number))
            return number;
        errors.Add(new FieldError(field, $"must be a number with at most {decimals} decimals"));
        return null;
    }

    private static int? Whole(JsonElement root, string field, List<FieldError> errors)
    {
        if (!root.TryGetProperty(field, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int days)) return days;
        errors.Add(new FieldError(field, "must be a whole number"));
        return null;
    }
}
