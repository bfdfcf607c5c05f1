using System.Globalization;

namespace CrmActors.Durability.Tests.Support.Harness;

/// <summary>One concrete way for an event to fall outside the declared domain: <see cref="Field"/> broken as
/// <see cref="Family"/> says, with <see cref="Value"/> where the family needs one.</summary>
public sealed record InvalidCase(string Family, string Field, string? Value)
{
    public string Class => Family switch
    {
        "number" or "wrong-type" or "null" or "optional-wrong" => $"{Family}:{Field}={Value}",
        "enum" or "time" or "blank" => $"{Family}:{Field}={JsonText.Str(Value!)}",
        "control" => $"control:{Field}:U+{(int)Value![0]:X4}",
        "invalid-text" or "not-object" => $"{Family}:{Field}:{Value}",
        _ => $"{Family}:{Field}",
    };
}

/// <summary>Every concrete invalid case the harness knows, dealt like a deck (shuffled by the seed) so that each run
/// sends every one of them at least once.</summary>
public sealed class InvalidCases
{
    public static readonly Dictionary<string, (string Type, int Max)> StringFields = new()
    {
        ["eventId"] = ("any", 128), ["customerId"] = ("any", 64), ["accountId"] = ("balance", 64),
        ["businessCode"] = ("feeBusiness", 32), ["branchId"] = ("branchVisit", 32), ["homeBranchId"] = ("profile", 32),
        ["managerId"] = ("profile", 64), ["displayName"] = ("profile", 100),
    };

    private static readonly string[] Required =
        ["eventId", "customerId", "occurredAt", "type", "accountId", "indicator", "balance", "business", "amount", "product", "action",
         "branchId", "channel", "homeBranchId"];

    public static string TypeOf(string field) => field switch
    {
        "accountId" or "indicator" or "balance" => "balance",
        "business" or "amount" or "businessCode" or "feeShare" => "feeBusiness",
        "product" or "action" => "product",
        "branchId" or "channel" => "branchVisit",
        "homeBranchId" or "managerId" or "displayName" => "profile",
        _ => "any",
    };

    /// <summary>A time relative to the moment it is dealt ("now+1h"), else the text itself.</summary>
    public static string Time(string value, DateTimeOffset now) => value switch
    {
        "now+1h" => Iso(now.AddHours(1)),
        "now+1d" => Iso(now.AddDays(1)),
        _ => value,
    };

    private static string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static List<InvalidCase> All()
    {
        var all = new List<InvalidCase>();
        void Add(string family, string field, params string?[] values)
        {
            foreach (var v in values) all.Add(new InvalidCase(family, field, v));
        }

        // Wrong JSON types.
        Add("wrong-type", "eventId", "12345", "true");
        Add("wrong-type", "customerId", "{}", "42");
        Add("wrong-type", "occurredAt", "1700000000", "{}");
        Add("wrong-type", "type", "1", "true");
        Add("wrong-type", "accountId", "[\"x\"]", "1.5");
        Add("wrong-type", "indicator", "0", "false");
        Add("wrong-type", "balance", "\"100\"", "true", "\"1e2\"");
        Add("wrong-type", "business", "1");
        Add("wrong-type", "amount", "{}", "[1]");
        Add("wrong-type", "product", "4");
        Add("wrong-type", "action", "true");
        Add("wrong-type", "branchId", "123");
        Add("wrong-type", "channel", "[]");
        Add("wrong-type", "homeBranchId", "false");

        // Missing, or null (null counts as not given).
        foreach (var field in Required)
        {
            Add("missing", field, [null]);
            Add("null", field, "null");
        }

        // Unknown enum names: the contract's names match exactly (camelCase).
        Add("enum", "type", "Balance", "BALANCE", "balances", "", "fee_business", " balance", "branchvisit", "transfer");
        Add("enum", "indicator", "ShortTermAssets", "shorttermassets", "cash", "short-term-assets", "");
        Add("enum", "business", "Investment", "cash", "card_spending", "investment ");
        Add("enum", "product", "gold", "GoldCreditCard", "privateBanking\u0000", "platinum");
        Add("enum", "action", "Opened", "open", "reopened", "closed\u200b");
        Add("enum", "channel", "ATM", "online", "Counter", "kiosk\t");

        // Numbers outside their domain, read exactly from the JSON text.
        Add("number", "balance", "-0.01", "-1", "1000000000000.01", "1e24", "1e308", "1e309", "-1e308", "1e-30", "0.001", "1.005",
            "12345678901234567890123456789", "1.00000000000001e12", "0.0000000000000000000000000001", "100000000000000000000000000000000000000");
        Add("number", "amount", "0", "-0", "0.00", "0.001", "0.009", "-5", "1e24", "1e308", "1e-30", "1000000000000.01", "2e12");
        Add("number", "feeShare", "1.0001", "0.12345", "-0.0001", "2", "1e-30", "1e308", "0.00001", "-1", "1.00001");

        // Strings one code point past their limit (alphabet chosen when dealt), and a megabyte.
        foreach (var field in StringFields.Keys) Add("too-long", field, [null]);
        Add("megabyte", "displayName", [null]);
        Add("megabyte", "customerId", [null]);
        Add("megabyte", "accountId", [null]);
        Add("megabyte", "eventId", [null]);
        Add("megabyte", "branchId", [null]);

        // Control characters (C0, DEL, C1, line and paragraph separators) and blanks, spread over the string fields.
        string[] controls = ["\u0000", "\n", "\r", "\t", "\u001f", "\u007f", "\u0085", "\u009f", "\u2028", "\u2029"];
        string[] fields = [.. StringFields.Keys];
        for (int i = 0; i < controls.Length; i++) Add("control", fields[i % fields.Length], controls[i]);
        // And each field with the two that look most like ordinary text.
        foreach (var field in fields) Add("control", field, field.Length % 2 == 0 ? "\u2028" : "\u0085");
        string[] blanks = ["", " ", "   ", "\u3000", "\u00a0", "\u2003"];
        for (int i = 0; i < blanks.Length; i++) Add("blank", fields[(i * 3) % fields.Length], blanks[i]);
        Add("blank", "eventId", "");
        Add("blank", "customerId", " ");

        // Times: before 2000, more than five minutes ahead, not ISO-8601 with an offset.
        Add("time", "occurredAt", "1999-12-31T23:59:59Z", "2000-01-01T07:59:59+08:00", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z",
            "now+1h", "now+1d", "2100-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "2026-05-01T10:00:00", "2026-02-30T10:00:00Z", "2026-05-01T10:00:00+25:00", "2026-05-01t10:00:00z",
            "2026-05-01T10:00:00.123456789Z", "2026-05-01 10:00:00Z", "", "yesterday", "2026-05-01", "2026-05-01T24:00:00Z",
            " 2026-05-01T10:00:00Z", "2026-05-01T10:00:00-14:01");

        // Text that is not text: an escaped lone surrogate, bytes that are not UTF-8.
        foreach (var field in new[] { "eventId", "displayName" }) Add("invalid-text", field, "lone-surrogate", "not-utf-8");

        // Elements of "events" that are not objects.
        Add("not-object", "event", "1", "\"event\"", "null", "[]", "true", "[{}]");

        // Optional fields of the wrong type.
        Add("optional-wrong", "businessCode", "5");
        Add("optional-wrong", "feeShare", "\"0.5\"");
        Add("optional-wrong", "managerId", "true");
        Add("optional-wrong", "displayName", "[]");
        return all;
    }

    private readonly List<InvalidCase> _all;
    private readonly Random _random;
    private readonly Queue<InvalidCase> _deck = new();

    public InvalidCases(int seed)
    {
        _all = All();
        _random = new Random(seed);
        Refill();
    }

    public int Count => _all.Count;

    /// <summary>Cases not yet dealt in the first pass through the deck.</summary>
    public int LeftInFirstPass { get; private set; }

    private void Refill()
    {
        var cards = _all.ToArray();
        _random.Shuffle(cards);
        foreach (var c in cards) _deck.Enqueue(c);
        LeftInFirstPass = _deck.Count;
    }

    /// <summary>Kinds of body that is not a batch (BodyBatch's cases), dealt in turn so each run sends every one.</summary>
    public const int BodyKinds = 10;

    private int _bodies;

    public int NextBody() => _bodies++ % BodyKinds;

    public int BodiesLeftInFirstPass => Math.Max(0, BodyKinds - _bodies);

    public InvalidCase Deal()
    {
        if (_deck.Count == 0)
        {
            Refill();
            LeftInFirstPass = 0;
        }
        var card = _deck.Dequeue();
        if (LeftInFirstPass > 0) LeftInFirstPass--;
        return card;
    }
}
