using System.Text.Json;
using CrmActors.Abstractions.Changes;

namespace CrmActors.Api.Ingest;

/// <summary>What a posted batch turned out to be.</summary>
public abstract record BatchParseResult
{
    public sealed record Valid(IReadOnlyList<CustomerChange> Events) : BatchParseResult;

    public sealed record Invalid(IReadOnlyList<IngestError> Errors) : BatchParseResult;

    /// <summary>Contract: more than 10,000 events is 413. Count -1: the body exceeded the server's size limit.</summary>
    public sealed record TooLarge(int Count) : BatchParseResult;
}

/// <summary>Turns a posted body into validated events (contract "Ingesting events"). Works on a JSON DOM rather
/// than deserialising to types, so that every problem is reported with its event's index and field.</summary>
public static class EventBatchParser
{
    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        // A repeated property is ambiguous (which value counts?): reject the body rather than guess.
        AllowDuplicateProperties = false,
        MaxDepth = 16,
    };

    public static async Task<BatchParseResult> ParseAsync(Stream body, string producer, DateTimeOffset now, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, DocumentOptions, ct);
        }
        catch (JsonException ex)
        {
            return new BatchParseResult.Invalid([new IngestError(-1, null, "body", $"is not valid JSON: {ex.Message}")]);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new BatchParseResult.TooLarge(-1); // over the server's body size limit: not even countable
        }
        using (document) return Parse(document.RootElement, producer, now);
    }

    public static BatchParseResult Parse(JsonElement root, string producer, DateTimeOffset now)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return Invalid("body", "must be a JSON object { \"events\": [ ... ] }");
        if (!root.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
            return Invalid("events", "is required and must be an array of events");

        // The size check comes before any item is validated: an oversized batch is refused whole, cheaply.
        int count = events.GetArrayLength();
        if (count > IngestOptions.MaxEventsPerBatch) return new BatchParseResult.TooLarge(count);
        if (count == 0) return Invalid("events", $"must hold 1 to {IngestOptions.MaxEventsPerBatch} events");

        var errors = new List<IngestError>();
        var valid = new List<CustomerChange>(count);
        int index = 0;
        foreach (var item in events.EnumerateArray())
        {
            if (EventReader.Read(item, index, producer, now, errors) is { } e) valid.Add(e);
            index++;
        }
        return errors.Count == 0 ? new BatchParseResult.Valid(valid) : new BatchParseResult.Invalid(errors);
    }

    private static BatchParseResult.Invalid Invalid(string field, string message) =>
        new([new IngestError(-1, null, field, message)]);
}
