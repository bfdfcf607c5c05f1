using System.Text.Json;
using CrmActors.Api.Domain;
using CrmActors.Api.Http;
using CrmActors.Api.Json;
using CrmActors.Scoring;

namespace CrmActors.Api.Customers;

/// <summary>The body of <c>POST …/manual-star</c> (contract "Manual adjustment"):
/// <c>{ "star": "6", "reason": "...", "expiresAt": "..." }</c>, expiresAt optional.</summary>
public sealed record ManualStarRequest(Star Star, string Reason, DateTimeOffset? ExpiresAt)
{
    /// <summary>The request, or every problem with it.</summary>
    public static async Task<(ManualStarRequest? Request, IReadOnlyList<FieldError> Errors)> ReadAsync(
        Stream body, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(body, new JsonDocumentOptions { AllowDuplicateProperties = false }, ct);
            return Parse(document.RootElement, now);
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

    public static (ManualStarRequest? Request, IReadOnlyList<FieldError> Errors) Parse(JsonElement root, DateTimeOffset now)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return (null, [new FieldError("body", "must be a JSON object { \"star\", \"reason\", \"expiresAt\" }")]);
        var errors = new List<FieldError>();

        Star star = default;
        if (!root.TryGetProperty("star", out var s) || s.ValueKind == JsonValueKind.Null)
            errors.Add(new FieldError("star", "is required"));
        else if (s.ValueKind != JsonValueKind.String || !StarScale.TryParseWire(s.GetString(), out star))
            errors.Add(new FieldError("star", "must be one of: unrated, quasi, 3, 4, 5, 6, 7"));

        string? reason = null;
        if (!root.TryGetProperty("reason", out var r) || r.ValueKind == JsonValueKind.Null)
            errors.Add(new FieldError("reason", "is required"));
        else if (r.ValueKind != JsonValueKind.String || (reason = r.GetString()) is null)
            errors.Add(new FieldError("reason", "must be a string"));
        else if (FieldDomain.Problem(reason, FieldDomain.ReasonMax) is { } problem)
            errors.Add(new FieldError("reason", problem));

        DateTimeOffset? expiresAt = null;
        if (root.TryGetProperty("expiresAt", out var x) && x.ValueKind != JsonValueKind.Null)
        {
            var text = x.ValueKind == JsonValueKind.String ? x.GetString() : null;
            if (!ContractTime.TryParse(text, out var at))
                errors.Add(new FieldError("expiresAt", ContractTime.Expected));
            else if (at <= now || at > FieldDomain.LatestExpiry)
                errors.Add(new FieldError("expiresAt", $"must be in the future and before {FieldDomain.LatestExpiry:yyyy-MM-dd}"));
            else
                expiresAt = at;
        }

        return errors.Count > 0 ? (null, errors) : (new ManualStarRequest(star, reason!.Trim(), expiresAt), []);
    }
}
