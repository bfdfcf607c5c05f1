using System.Globalization;
using System.Text;
using CrmActors.Abstractions.Changes;

namespace CrmActors.Durability.Tests.Support.Harness;

/// <summary>JSON text written by hand, so the harness controls every byte the engine sees: numbers exactly as spelled
/// (<c>1e308</c>, <c>100.00</c>, <c>-0</c>), strings either \u-escaped to ASCII or raw UTF-8 (U+2028 and U+0085 are
/// legal raw in JSON), properties in any order.</summary>
public static class JsonText
{
    /// <summary>A JSON string literal. <paramref name="ascii"/>: every non-ASCII UTF-16 unit as \uXXXX (a surrogate pair
    /// as two escapes, a lone surrogate as one); otherwise only what JSON requires is escaped.</summary>
    public static string Str(string s, bool ascii = true)
    {
        var b = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            if (c == '"') b.Append("\\\"");
            else if (c == '\\') b.Append("\\\\");
            else if (c < 0x20 || (ascii && c > 0x7E)) b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else b.Append(c);
        }
        return b.Append('"').ToString();
    }

    /// <summary>Marks bytes that are not UTF-8 at all (0xFF) inside a string literal; replaced when the body is encoded.</summary>
    public const string BadUtf8 = "\uE000BAD\uE000";

    public static byte[] Encode(string json)
    {
        if (!json.Contains(BadUtf8, StringComparison.Ordinal)) return Encoding.UTF8.GetBytes(json);
        var parts = json.Split(BadUtf8);
        var bytes = new List<byte>();
        for (int i = 0; i < parts.Length; i++)
        {
            if (i > 0) bytes.AddRange([0xFF, 0xFE]);
            bytes.AddRange(Encoding.UTF8.GetBytes(parts[i]));
        }
        return [.. bytes];
    }
}

/// <summary>One element of a batch's <c>events</c> array: its JSON, and what the contract says of it — the event the
/// engine must derive from it (valid), or the field its 400 must name (invalid).</summary>
public sealed class Item
{
    private readonly List<KeyValuePair<string, string>> _props = [];

    /// <summary>The whole element as raw JSON when it is not an object of properties (<c>1</c>, <c>null</c>, <c>[]</c>).</summary>
    public string? Raw { get; init; }

    /// <summary>Valid: the event the contract says this element is (producer included).</summary>
    public CustomerChange? Change { get; set; }

    /// <summary>Invalid: the one field its error must name ("event" for an element that is no object).</summary>
    public string? InvalidField { get; set; }

    /// <summary>Invalid: the eventId the error must echo — the id as sent when it is readable text, else null.</summary>
    public string? ErrorEventId { get; set; }

    /// <summary>The case class this element stands for (counted and printed).</summary>
    public string Class { get; set; } = "";

    public bool Valid => InvalidField is null && Raw is null;

    public IReadOnlyList<KeyValuePair<string, string>> Props => _props;

    public string? Get(string name) => _props.FirstOrDefault(p => p.Key == name).Value;

    public Item Set(string name, string raw)
    {
        int i = _props.FindIndex(p => p.Key == name);
        if (i >= 0) _props[i] = new(name, raw); else _props.Add(new(name, raw));
        return this;
    }

    public Item Remove(string name)
    {
        _props.RemoveAll(p => p.Key == name);
        return this;
    }

    public void Shuffle(Random random)
    {
        var array = _props.ToArray();
        random.Shuffle(array);
        _props.Clear();
        _props.AddRange(array);
    }

    public Item Clone()
    {
        var copy = new Item { Raw = Raw, Change = Change, InvalidField = InvalidField, ErrorEventId = ErrorEventId, Class = Class };
        copy._props.AddRange(_props);
        return copy;
    }

    public string ToJson() => Raw ?? "{" + string.Join(",", _props.Select(p => JsonText.Str(p.Key) + ":" + p.Value)) + "}";

    /// <summary>For a failure message: the class and the JSON, long strings cut.</summary>
    public string Describe(int max = 240)
    {
        var json = ToJson();
        return $"[{Class}] {(json.Length > max ? json[..max] + $"…({json.Length} chars)" : json)}";
    }
}

/// <summary>What the contract says a batch must be answered.</summary>
public abstract record Expectation
{
    /// <summary>202 with these counts. A batch acknowledged by a retry after an attempt whose outcome is unknown may
    /// instead be answered (0, accepted + duplicates): the lost attempt journaled all of it (a batch is all or nothing).</summary>
    public sealed record Accepted(int New, int Duplicates) : Expectation;

    /// <summary>400 naming exactly these items: index → (field, eventId echoed).</summary>
    public sealed record Invalid(IReadOnlyDictionary<int, (string Field, string? EventId)> Errors) : Expectation;

    /// <summary>400 or 413 about the body as a whole (one error, index -1).</summary>
    public sealed record Body(int Status, string Field) : Expectation;

    /// <summary>409. Every index named must be one of <see cref="Conflicting"/>; when <see cref="Exact"/> is set the
    /// named set must be exactly it; at least one index of each of <see cref="EachNamed"/> must be named.</summary>
    public sealed record Conflict(IReadOnlySet<int> Conflicting, IReadOnlySet<int>? Exact, IReadOnlyList<IReadOnlySet<int>> EachNamed) : Expectation;

    /// <summary>Sent once while the journal's database is down: 503 with Retry-After, nothing applied, never retried.</summary>
    public sealed record Unavailable : Expectation;
}

/// <summary>One request of the harness: its exact bytes (re-sent unchanged on every retry), under which producer, and
/// what it must be answered.</summary>
public sealed class Batch
{
    public required int Lane { get; init; }
    public required int Index { get; init; }
    public required string Kind { get; init; }
    public required string Producer { get; init; }
    public required IReadOnlyList<Item> Items { get; init; }
    /// <summary>A body that is not <c>{"events":[items]}</c> (not JSON, not an object…).</summary>
    public string? RawBody { get; init; }
    public int Window { get; set; }
    public Expectation Expected { get; set; } = null!;
    /// <summary>Set for a batch that re-sends another's bytes.</summary>
    public byte[]? SameBytesAs { get; init; }

    private byte[]? _bytes;

    public byte[] Bytes => _bytes ??= SameBytesAs
        ?? JsonText.Encode(RawBody ?? "{\"events\":[" + string.Join(",", Items.Select(i => i.ToJson())) + "]}");

    public override string ToString() => $"lane {Lane} batch {Index} ({Kind}, {Items.Count} items, producer {Producer}, window {Window})";
}
