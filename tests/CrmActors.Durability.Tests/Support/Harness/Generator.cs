using CrmActors.Abstractions.Changes;
using CrmActors.Scoring;

namespace CrmActors.Durability.Tests.Support.Harness;

/// <summary>Everything one harness run sends, decided from a seed before anything is sent: per lane (a producer's
/// sequential stream) the batches with what the contract says each must be answered; the probes sent once while the
/// database is down; the events acknowledged in the end; the customers that only never-acknowledged content named.</summary>
public sealed class Plan
{
    /// <summary>Windows a lane's batches are sent in, each opened by the driver: 0 no fault; 1 the big batch sent as
    /// the database stops; 2 the rest, sent while it is down; 3 an API node killed; 4 a silo killed; 5 no fault.</summary>
    public const int Windows = 6;

    public required int Seed { get; init; }
    public required IReadOnlyList<IReadOnlyList<Batch>> Lanes { get; init; }
    public required IReadOnlyList<Batch> Probes { get; init; }
    public required IReadOnlyList<CustomerChange> Acknowledged { get; init; }
    public required IReadOnlyList<string> Ghosts { get; init; }
    public required IReadOnlyList<string> ProbeGhosts { get; init; }
    public required SortedDictionary<string, int> ItemClasses { get; init; }
    public required SortedDictionary<string, int> BatchKinds { get; init; }
    public required int InvalidCases { get; init; }

    public int Events => Lanes.Sum(l => l.Sum(b => b.Items.Count));

    /// <summary>The counts per class, for the test's output.</summary>
    public string Summary()
    {
        static string Group(SortedDictionary<string, int> counts, string prefix) =>
            string.Join(", ", counts.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(c => $"{c.Key[prefix.Length..]} {c.Value}"));
        var families = ItemClasses.Keys.Select(k => k[..(k.IndexOf(':') + 1)]).Distinct().ToList();
        return $"seed {Seed}: {Lanes.Sum(l => l.Count)} requests in {Lanes.Count} lanes, {Events:N0} items, {Acknowledged.Count:N0} events to be acknowledged, "
               + $"{Ghosts.Count} customers named only by refused content, {Probes.Count} probes while the database is down; "
               + $"{InvalidCases} distinct invalid items and {Harness.InvalidCases.BodyKinds} bodies that are no batch, each sent at least once\n"
               + $"  batches: {string.Join(", ", BatchKinds.Select(k => $"{k.Key} {k.Value}"))}\n"
               + string.Join("\n", families.Select(f => $"  items {f} {Group(ItemClasses, f)}"));
    }
}

/// <summary>Generates a <see cref="Plan"/>. Every class of input the declared domain (docs/architecture.md, "The declared
/// domain") and the contract speak of, valid and invalid, mixed in batches.</summary>
public static class Generator
{
    public const string Demo = "demo";
    public const string Other = "other";

    public sealed record Options(int Lanes = 4, int BatchesPerLane = 45, int BigBatch = 1_500, bool OversizedBatch = true);

    public static Plan Generate(int seed, DateTimeOffset now, Options? options = null)
    {
        options ??= new Options();
        var itemClasses = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var batchKinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var lanes = new List<IReadOnlyList<Batch>>();
        var models = new List<ContractModel>();
        var refusedCustomers = new HashSet<string>(StringComparer.Ordinal);
        var deck = new InvalidCases(seed);
        LaneGenerator? last = null;
        for (int lane = 0; lane < options.Lanes; lane++)
        {
            last = new LaneGenerator(seed, lane, now, options, itemClasses, batchKinds, refusedCustomers, deck);
            lanes.Add(last.Run());
            models.Add(last.Model);
        }
        // Every invalid case at least once per run: what the lanes did not draw goes to the last lane's last window.
        last!.DealTheRest();
        var acknowledged = models.SelectMany(m => m.Acknowledged.Values).ToList();
        var seen = acknowledged.Select(c => c.CustomerId).ToHashSet(StringComparer.Ordinal);

        var probeGenerator = new LaneGenerator(seed, 99, now, options, itemClasses, batchKinds, new HashSet<string>(StringComparer.Ordinal), deck);
        var probes = probeGenerator.Probes(6);
        var probeGhosts = probes.SelectMany(b => b.Items).Select(i => i.Change!.CustomerId).Where(c => !seen.Contains(c))
            .Distinct(StringComparer.Ordinal).ToList();

        return new Plan
        {
            Seed = seed,
            Lanes = lanes,
            Probes = probes,
            Acknowledged = acknowledged,
            Ghosts = [.. refusedCustomers.Where(c => !seen.Contains(c)).Order(StringComparer.Ordinal)],
            ProbeGhosts = probeGhosts,
            ItemClasses = itemClasses,
            BatchKinds = batchKinds,
            InvalidCases = deck.Count,
        };
    }

    private sealed class LaneGenerator
    {
        private static readonly BalanceIndicator[] Indicators = Enum.GetValues<BalanceIndicator>();
        private static readonly FeeBusinessType[] Businesses = Enum.GetValues<FeeBusinessType>();
        private static readonly ProductType[] Products = Enum.GetValues<ProductType>();
        private static readonly VisitChannel[] Channels = Enum.GetValues<VisitChannel>();

        private readonly Random _r;
        private readonly int _lane;
        private readonly int _seed;
        private readonly string _p;
        private readonly DateTimeOffset _now;
        private readonly Options _options;
        private readonly SortedDictionary<string, int> _itemClasses;
        private readonly SortedDictionary<string, int> _batchKinds;
        private readonly HashSet<string> _refusedCustomers;
        private readonly InvalidCases _deck;
        private readonly List<string> _customers = [];
        private readonly List<Batch> _batches = [];
        private readonly List<Batch> _acceptedBatches = [];
        private readonly Dictionary<string, List<Item>> _acknowledgedItems = new() { [Demo] = [], [Other] = [] };
        private int _nextEvent, _nextGhost;

        public ContractModel Model { get; } = new();

        public LaneGenerator(int seed, int lane, DateTimeOffset now, Options options, SortedDictionary<string, int> itemClasses,
            SortedDictionary<string, int> batchKinds, HashSet<string> refusedCustomers, InvalidCases deck)
        {
            _deck = deck;
            _r = new Random(unchecked(seed * 7919 + lane));
            _lane = lane;
            _seed = seed;
            _p = $"h{seed}L{lane}";
            _now = now;
            _options = options;
            _itemClasses = itemClasses;
            _batchKinds = batchKinds;
            _refusedCustomers = refusedCustomers;
            for (int i = 0; i < 40; i++) _customers.Add($"{_p}-c{i:D3}");
            // Customer ids inside the domain that are awkward anywhere else: delimiters, quotes, backslash, spaces, URL
            // characters, CJK, emoji (surrogate pairs, modifiers, ZWJ sequences), combining marks, NFC vs NFD and case
            // variants (distinct customers), exactly 64 code points in every alphabet. No '/', '{', '}' and no '.' or
            // '..': outside the declared domain of an id that names a grain (FieldDomain.KeyProblem).
            _customers.AddRange([
                $"{_p}-客户-张三", $"{_p}-😀👍🏽", $"{_p}-👨‍👩‍👧", $"{_p}-caf\u00e9", $"{_p}-cafe\u0301",
                $"{_p}-a,b;c|d'e\"f\\g h", $" {_p}-lead ", $"{_p}-%20?#&+=~", $"{_p}-zw\u200b", $"{_p}-Case", $"{_p}-case",
                Spell.Fill($"{_p}-", 64, Spell.Alphabet.Emoji, _r), Spell.Fill($"{_p}-", 64, Spell.Alphabet.Combining, _r),
                Spell.Fill($"{_p}-", 64, Spell.Alphabet.Cjk, _r), Spell.Fill($"{_p}-", 64, Spell.Alphabet.Ascii, _r, key: true),
            ]);
        }

        private void CountItem(string c) => _itemClasses[c] = _itemClasses.GetValueOrDefault(c) + 1;
        private void CountBatch(string c) => _batchKinds[c] = _batchKinds.GetValueOrDefault(c) + 1;

        // ---------------------------------------------------------------------------------------------------------------
        // Lane: the sequence of requests and what each must be answered.

        public IReadOnlyList<Batch> Run()
        {
            int n = _options.BatchesPerLane;
            for (int b = 0; b < n; b++)
            {
                // Five phases: no fault; the database stopped; an API node killed; a silo killed; no fault. The database
                // phase is two windows: its big batch (sent as the database stops) and the rest (sent while it is down).
                int phase = b * 5 / n;
                int window = phase switch { 0 => 0, 1 => 2, 2 => 3, 3 => 4, _ => 5 };
                int before = _batches.Count;
                // The first request of each fault's phase is big: the database stop or the API node kill catches a
                // request in the middle of its work, the silo kill catches a big batch being delivered.
                Batch? big = b > 0 && (b - 1) * 5 / n != phase && phase is 1 or 2 or 3 ? Big(_options.BigBatch) : null;
                if (_lane == 0 && b == n - 2 && _options.OversizedBatch) Oversized();
                int roll = _r.Next(100);
                if (roll < 36) ValidBatch();
                else if (roll < 60) InvalidBatch();
                else if (roll < 74) ConflictBatch();
                else if (roll < 80) Resend();
                else if (roll < 87) OtherProducerBatch();
                else if (roll < 91) InvalidAndConflictBatch();
                else BodyBatch();
                for (int i = before; i < _batches.Count; i++) _batches[i].Window = window;
                if (big is not null && phase == 1) big.Window = 1;
            }
            return _batches;
        }

        private Batch Add(string kind, string producer, List<Item> items, byte[]? sameBytesAs = null)
        {
            var batch = new Batch { Lane = _lane, Index = _batches.Count, Kind = kind, Producer = producer, Items = items, SameBytesAs = sameBytesAs };
            batch.Expected = Model.Answer(batch);
            if (batch.Expected is Expectation.Accepted)
            {
                _acceptedBatches.Add(batch);
                foreach (var item in items.Where(i => i.Valid)) _acknowledgedItems[producer].Add(item);
            }
            else
            {
                foreach (var item in items.Where(i => i.Change is not null)) _refusedCustomers.Add(item.Change!.CustomerId);
            }
            _batches.Add(batch);
            CountBatch(kind);
            foreach (var item in items) CountItem(item.Class);
            return batch;
        }

        private Batch AddBody(string kind, string rawBody, Expectation.Body expected, List<Item>? inside = null)
        {
            var batch = new Batch { Lane = _lane, Index = _batches.Count, Kind = kind, Producer = Demo, Items = inside ?? [], RawBody = rawBody, Expected = expected };
            foreach (var item in batch.Items.Where(i => i.Change is not null)) _refusedCustomers.Add(item.Change!.CustomerId);
            _batches.Add(batch);
            CountBatch(kind);
            CountItem($"body:{kind["body-".Length..]}");
            return batch;
        }

        private Batch Big(int size)
        {
            var items = Enumerable.Range(0, size).Select(_ => ValidItem(Demo, feature: "plain")).ToList();
            var batch = Add("big", Demo, items);
            AssertAccepted(batch);
            return batch;
        }

        /// <summary>10,001 events: 413, nothing applied; then the first 10,000 (the limit): 202.</summary>
        private void Oversized()
        {
            var items = Enumerable.Range(0, 10_001).Select(_ => ValidItem(Demo, feature: "plain")).ToList();
            var json = "{\"events\":[" + string.Join(",", items.Select(i => i.ToJson())) + "]}";
            AddBody("body-over-10000", json, new Expectation.Body(413, "events"), items);
            var batch = Add("corrected-after-413", Demo, items.Take(10_000).ToList());
            AssertAccepted(batch);
        }

        private static void AssertAccepted(Batch batch)
        {
            if (batch.Expected is not Expectation.Accepted) throw new InvalidOperationException($"generator: {batch} expected to be accepted");
        }

        private void ValidBatch()
        {
            int n = _r.Next(1, 40);
            var items = new List<Item>();
            string producer = Demo;
            for (int i = 0; i < n; i++)
            {
                int roll = _r.Next(100);
                if (roll < 10 && items.Count > 0)
                {
                    var copy = items[_r.Next(items.Count)].Clone();                     // the same bytes twice in one batch
                    copy.Class = "duplicate:in-batch-same-bytes";
                    items.Add(copy);
                }
                else if (roll < 18 && items.Count > 0)
                {
                    items.Add(Respell(items[_r.Next(items.Count)], "duplicate:in-batch-other-spelling"));
                }
                else if (roll < 30 && _acknowledgedItems[producer].Count > 0)
                {
                    var earlier = _acknowledgedItems[producer][_r.Next(_acknowledgedItems[producer].Count)];
                    if (_r.Next(2) == 0) { var copy = earlier.Clone(); copy.Class = "duplicate:across-batches-same-bytes"; items.Add(copy); }
                    else items.Add(Respell(earlier, "duplicate:across-batches-other-spelling"));
                }
                else if (roll < 33)
                {
                    items.AddRange(LookAlikes(producer));
                }
                else items.Add(ValidItem(producer));
            }
            Shuffle(items);
            AssertAccepted(Add("valid", producer, items));
        }

        /// <summary>Two ids that look alike but are different ids (NFC/NFD, case, a trailing space): two events.</summary>
        private List<Item> LookAlikes(string producer)
        {
            string id = NewPlainId();
            (string A, string B) pair = _r.Next(3) switch
            {
                0 => ($"{id}-caf\u00e9", $"{id}-cafe\u0301"),
                1 => ($"{id}-X", $"{id}-x"),
                _ => (id, id + " "),
            };
            var a = ValidItem(producer, id: pair.A);
            var b = ValidItem(producer, id: pair.B);
            a.Class = b.Class = "id:look-alike-distinct";
            return [a, b];
        }

        public void DealTheRest()
        {
            int before = _batches.Count;
            while (_deck.LeftInFirstPass > 0) InvalidBatch(Math.Min(_deck.LeftInFirstPass, 8));
            while (_deck.BodiesLeftInFirstPass > 0) BodyBatch();
            for (int i = before; i < _batches.Count; i++) _batches[i].Window = Plan.Windows - 1;
        }

        private void InvalidBatch(int? invalidCount = null)
        {
            bool ghost = _r.Next(4) == 0;
            var items = Enumerable.Range(0, _r.Next(0, 25)).Select(_ => ValidItem(Demo, ghost: ghost)).ToList();
            int invalid = invalidCount ?? _r.Next(1, 9);
            for (int i = 0; i < invalid; i++) items.Insert(_r.Next(items.Count + 1), InvalidItem(_deck.Deal()));
            var batch = Add("invalid", Demo, items);
            if (batch.Expected is not Expectation.Invalid) throw new InvalidOperationException("generator: invalid batch not invalid");
            var valid = items.Where(i => i.Valid).ToList();
            if (!ghost && valid.Count > 0 && _r.Next(10) < 7)
                AssertAccepted(Add("corrected-after-400", Demo, valid));            // the producer drops what was refused
        }

        private void ConflictBatch()
        {
            bool ghost = _r.Next(4) == 0;
            var items = Enumerable.Range(0, _r.Next(0, 20)).Select(_ => ValidItem(Demo, ghost: ghost)).ToList();
            var conflicting = new List<Item>();
            int conflicts = _r.Next(1, 3);
            for (int i = 0; i < conflicts; i++)
            {
                if (_r.Next(2) == 0 && _acknowledgedItems[Demo].Count > 0)
                {
                    var earlier = _acknowledgedItems[Demo][_r.Next(_acknowledgedItems[Demo].Count)];
                    var changed = OtherContent(earlier, "conflict:across-batches");
                    conflicting.Add(changed);
                    items.Insert(_r.Next(items.Count + 1), changed);
                }
                else
                {
                    var first = ValidItem(Demo, ghost: ghost);
                    var second = OtherContent(first, "conflict:in-batch");
                    int at = _r.Next(items.Count + 1);
                    items.Insert(at, first);
                    items.Insert(_r.Next(at + 1, items.Count + 1), second);
                    conflicting.Add(second);
                }
            }
            var batch = Add("conflict", Demo, items);
            if (batch.Expected is not Expectation.Conflict) throw new InvalidOperationException("generator: conflict batch without conflict");
            var rest = items.Where(i => !conflicting.Contains(i)).ToList();
            if (!ghost && rest.Count > 0 && _r.Next(10) < 7)
                AssertAccepted(Add("corrected-after-409", Demo, rest));
        }

        private void InvalidAndConflictBatch()
        {
            var items = Enumerable.Range(0, _r.Next(1, 10)).Select(_ => ValidItem(Demo)).ToList();
            if (_acknowledgedItems[Demo].Count > 0)
                items.Insert(_r.Next(items.Count + 1), OtherContent(_acknowledgedItems[Demo][_r.Next(_acknowledgedItems[Demo].Count)], "conflict:beside-invalid"));
            var first = ValidItem(Demo);
            items.Insert(_r.Next(items.Count + 1), first);
            items.Add(OtherContent(first, "conflict:beside-invalid"));
            items.Insert(_r.Next(items.Count + 1), InvalidItem(_deck.Deal()));
            var batch = Add("invalid+conflict", Demo, items);
            if (batch.Expected is not Expectation.Invalid) throw new InvalidOperationException("generator: invalid+conflict not invalid");
        }

        /// <summary>An earlier acknowledged batch again, byte for byte: 202, every event a duplicate.</summary>
        private void Resend()
        {
            if (_acceptedBatches.Count == 0) { ValidBatch(); return; }
            var earlier = _acceptedBatches[_r.Next(_acceptedBatches.Count)];
            if (earlier.Items.Count > 2_000) { ValidBatch(); return; }
            AssertAccepted(Add("resend-acknowledged", earlier.Producer, [.. earlier.Items], sameBytesAs: earlier.Bytes));
        }

        /// <summary>A second producer re-using the first one's ids — same or other content: new events for it, since the
        /// key is (producer, eventId). Sometimes its own earlier events again.</summary>
        private void OtherProducerBatch()
        {
            var items = new List<Item>();
            int n = _r.Next(1, 20);
            for (int i = 0; i < n; i++)
            {
                int roll = _r.Next(10);
                if (roll < 4 && _acknowledgedItems[Demo].Count > 0)
                {
                    var demo = _acknowledgedItems[Demo][_r.Next(_acknowledgedItems[Demo].Count)];
                    if (Model.IsAcknowledged(Other, demo.Change!.ChangeId)) continue;
                    var same = Render(demo.Change! with { Producer = Other });
                    same.Class = "producer:same-id-same-content-other-producer";
                    items.Add(_r.Next(2) == 0 ? same : OtherContent(same, "producer:same-id-other-content-other-producer"));
                }
                else if (roll < 6 && _acknowledgedItems[Other].Count > 0)
                {
                    items.Add(Respell(_acknowledgedItems[Other][_r.Next(_acknowledgedItems[Other].Count)], "duplicate:across-batches-other-producer"));
                }
                else items.Add(ValidItem(Other));
            }
            // Same id twice in the batch only when the content is the same: dedupe by id keeps the batch valid.
            items = items.GroupBy(i => i.Change!.ChangeId).Select(g => g.First()).ToList();
            AssertAccepted(Add("other-producer", Other, items));
        }

        private void BodyBatch()
        {
            var valid = Enumerable.Range(0, _r.Next(1, 6)).Select(_ => ValidItem(Demo, ghost: _r.Next(2) == 0)).ToList();
            string events = string.Join(",", valid.Select(i => i.ToJson()));
            switch (_deck.NextBody())
            {
                case 0: AddBody("body-empty-events", "{\"events\":[]}", new(400, "events")); break;
                case 1: AddBody("body-no-events", "{\"evnts\":[" + events + "]}", new(400, "events"), valid); break;
                case 2: AddBody("body-events-not-array", "{\"events\":{\"0\":" + valid[0].ToJson() + "}}", new(400, "events"), valid); break;
                case 3: AddBody("body-array", "[" + events + "]", new(400, "body"), valid); break;
                case 4: AddBody("body-not-json", "{\"events\":[" + events + ",]}", new(400, "body"), valid); break;
                case 5:
                    // A raw line feed inside a string: not JSON at all (JSON strings escape it).
                    var raw = valid[0].Clone().Set("eventId", "\"" + NewPlainId() + "\nx\"");
                    AddBody("body-raw-control-character", "{\"events\":[" + events + "," + raw.ToJson() + "]}", new(400, "body"), valid);
                    break;
                case 6:
                    AddBody("body-duplicate-property", "{\"events\":[" + events + "," + valid[0].ToJson()[..^1] + ",\"eventId\":\"again\"}]}", new(400, "body"), valid);
                    break;
                case 7:
                    AddBody("body-too-deep", "{\"events\":[" + events + "," + valid[0].ToJson()[..^1] + ",\"x\":" + new string('[', 20) + new string(']', 20) + "}]}",
                        new(400, "body"), valid);
                    break;
                case 8: AddBody("body-empty", "", new(400, "body")); break;
                default: AddBody("body-truncated", "{\"events\":[" + events, new(400, "body"), valid); break;
            }
        }

        /// <summary>Probes sent once each while the database is down: 503, never retried, never applied.</summary>
        public List<Batch> Probes(int count)
        {
            var probes = new List<Batch>();
            for (int b = 0; b < count; b++)
            {
                // Half on customers of lane 0 (a leak would move their points), half on customers nobody else names.
                var items = Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? ValidItem(Demo, ghost: true, feature: "plain")
                    : ValidItem(Demo, feature: "plain", customer: $"h{_seed}L0-c{_r.Next(40):D3}")).ToList();
                probes.Add(new Batch { Lane = _lane, Index = b, Kind = "probe-while-database-down", Producer = Demo, Items = items, Expected = new Expectation.Unavailable() });
                CountBatch("probe-while-database-down");
            }
            return probes;
        }

        // ---------------------------------------------------------------------------------------------------------------
        // Valid events.

        private string NewPlainId() => $"{_p}-e{_nextEvent++:D6}";

        /// <summary>A customer only refused content names (four calls in a row share one).</summary>
        private string Ghost()
        {
            int n = _nextGhost++ / 4;
            return n % 3 == 0 ? $"{_p}-ghost-客户{n}" : $"{_p}-ghost{n}";
        }

        private DateTimeOffset Past()
        {
            var at = _now - TimeSpan.FromMinutes(1) - TimeSpan.FromSeconds(_r.NextInt64(0, 170L * 86_400));
            at = new DateTimeOffset(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, at.Offset);
            return _r.Next(10) == 0 ? at.AddTicks(_r.Next(1, (int)TimeSpan.TicksPerSecond)) : at;
        }

        private static readonly string[] ValidFeatures =
        [
            "plain", "plain", "plain", "plain", "plain", "plain", "plain", "plain",
            "id:delimiters", "id:cjk", "id:emoji", "id:combining", "id:128-code-points", "id:spaces", "id:zero-width",
            "customer:tricky", "customer:tricky",
            "number:boundary", "number:spelling", "time:2000-01-01", "time:near-future", "time:sub-second",
            "string:at-limit", "optional:absent-or-null",
        ];

        /// <summary>A valid event of <paramref name="producer"/> with one feature of the declared domain, rendered in a
        /// random spelling.</summary>
        private Item ValidItem(string producer, string? feature = null, bool ghost = false, string? id = null, string? customer = null)
        {
            feature ??= ValidFeatures[_r.Next(ValidFeatures.Length)];
            string plain = NewPlainId();
            id ??= feature switch
            {
                "id:delimiters" => plain + ",;|'\"\\ x",
                "id:cjk" => plain + "-事件编号",
                "id:emoji" => plain + "-😀👍🏽👨‍👩‍👧",
                "id:combining" => plain + "-e\u0301\u0323",
                "id:128-code-points" => Spell.Fill(plain + "-", 128, (Spell.Alphabet)_r.Next(5), _r),
                "id:spaces" => $"  {plain} x ",
                "id:zero-width" => plain + "\u200d\u200b",
                _ => plain,
            };
            customer ??= ghost ? Ghost()
                : feature == "customer:tricky" ? _customers[40 + _r.Next(_customers.Count - 40)]
                : _customers[_r.Next(_customers.Count)];
            var at = feature switch
            {
                "time:2000-01-01" => LedgerDomain.EarliestTime.AddSeconds(_r.Next(2) == 0 ? 0 : _r.Next(1, 86_400 * 300)),
                "time:near-future" => _now.AddMinutes(4),
                _ => Past(),
            };
            int kind = feature switch
            {
                "time:near-future" => 3,                                           // a visit: no points move at its time
                "number:boundary" or "number:spelling" => _r.Next(2),
                "string:at-limit" => new[] { 0, 1, 4 }[_r.Next(3)],                  // balance, fee or profile
                "optional:absent-or-null" => _r.Next(2) == 0 ? 1 : 4,
                _ => _r.Next(100) switch { < 30 => 0, < 75 => 1, < 84 => 2, < 92 => 3, _ => 4 },
            };
            var alphabet = (Spell.Alphabet)_r.Next(5);
            string AtLimit(string prefix, int max, bool key = false) => feature == "string:at-limit" ? Spell.Fill(prefix, max, alphabet, _r, key) : prefix;

            CustomerChange change;
            var overrides = new Dictionary<string, string>();
            switch (kind)
            {
                case 0:
                {
                    decimal balance = _r.Next(0, 50_000_000) / 100m;
                    if (feature == "number:boundary")
                    {
                        balance = _r.Next(3) switch { 0 => 0m, 1 => LedgerDomain.MaxMoney, _ => 0.01m };
                        overrides["balance"] = balance == LedgerDomain.MaxMoney ? (_r.Next(2) == 0 ? "1e12" : "1000000000000.00") : Spell.Number(balance, _r);
                    }
                    change = new BalanceEvent
                    {
                        CustomerId = customer, Producer = producer, ChangeId = id, OccurredAt = at,
                        AccountId = AtLimit(_r.Next(4) switch { 0 => "账户-1", 1 => "acct,;|'\"\\ 1", _ => $"A{_r.Next(3)}" }, 64),
                        Indicator = Indicators[_r.Next(Indicators.Length)], Balance = balance,
                    };
                    break;
                }
                case 1:
                {
                    decimal amount = _r.Next(1, 2_000_000) / 100m;
                    decimal share = _r.Next(3) == 0 ? new[] { 0m, 0.6m, 0.1234m, 0.5m, 0.0001m, 1m }[_r.Next(6)] : 1m;
                    if (feature == "number:boundary")
                    {
                        switch (_r.Next(4))
                        {
                            case 0: amount = 0.01m; break;
                            case 1: amount = LedgerDomain.MaxMoney; overrides["amount"] = _r.Next(2) == 0 ? "1E+12" : "1000000000000.000000"; break;
                            case 2: share = 0m; overrides["feeShare"] = _r.Next(2) == 0 ? "0" : "-0.0000"; break;
                            default: share = 0.9999m; overrides["feeShare"] = _r.Next(2) == 0 ? "0.9999" : "99.99e-2"; break;
                        }
                    }
                    string? code = feature == "string:at-limit" ? AtLimit("BC-", 32) : _r.Next(4) == 0 ? (_r.Next(2) == 0 ? "FND01" : "代码|;,") : null;
                    change = new FeeBusinessEvent
                    {
                        CustomerId = customer, Producer = producer, ChangeId = id, OccurredAt = at,
                        Business = Businesses[_r.Next(Businesses.Length)], Amount = amount, BusinessCode = code, FeeShare = share,
                    };
                    break;
                }
                case 2:
                    change = new ProductEvent
                    {
                        CustomerId = customer, Producer = producer, ChangeId = id, OccurredAt = at,
                        Product = Products[_r.Next(Products.Length)], Action = _r.Next(4) == 0 ? ProductAction.Closed : ProductAction.Opened,
                    };
                    break;
                case 3:
                    change = new BranchVisitEvent
                    {
                        CustomerId = customer, Producer = producer, ChangeId = id, OccurredAt = at,
                        BranchId = _r.Next(3) == 0 ? "网点-B001" : $"B00{_r.Next(1, 4)}", Channel = Channels[_r.Next(Channels.Length)],
                    };
                    break;
                default:
                    change = new ProfileEvent
                    {
                        CustomerId = customer, Producer = producer, ChangeId = id, OccurredAt = at,
                        HomeBranchId = AtLimit(_r.Next(2) == 0 ? "B001" : "总行营业部", 32, key: true),
                        ManagerId = feature == "string:at-limit" ? AtLimit("M-", 64, key: true) : _r.Next(3) == 0 ? null : $"M00{_r.Next(1, 3)}",
                        DisplayName = feature == "string:at-limit" ? AtLimit("张", 100) : _r.Next(3) == 0 ? null : _r.Next(2) == 0 ? "张三" : "O'Brien, \"Jo\" 😀",
                    };
                    break;
            }
            var item = Render(change);
            foreach (var (field, raw) in overrides) item.Set(field, raw);
            item.Class = $"valid:{feature}";
            if (feature == "number:spelling") item.Class = "valid:number:spelling";
            return item;
        }

        /// <summary>The JSON of <paramref name="c"/> in a random spelling: strings \u-escaped or raw UTF-8, numbers and
        /// times in any of their spellings, optional fields absent or null, feeShare 1 absent or written, any order.</summary>
        private Item Render(CustomerChange c)
        {
            bool ascii = _r.Next(2) == 0;
            string S(string s) => JsonText.Str(s, ascii);
            var item = new Item { Change = c };
            item.Set("eventId", S(c.ChangeId)).Set("customerId", S(c.CustomerId)).Set("occurredAt", Spell.Time(c.OccurredAt, _r));
            void Optional(string name, string? value)
            {
                if (value is not null) item.Set(name, S(value));
                else if (_r.Next(2) == 0) item.Set(name, "null");
            }
            switch (c)
            {
                case BalanceEvent b:
                    item.Set("type", "\"balance\"").Set("accountId", S(b.AccountId)).Set("indicator", Wire(b.Indicator))
                        .Set("balance", Spell.Number(b.Balance, _r));
                    break;
                case FeeBusinessEvent f:
                    item.Set("type", "\"feeBusiness\"").Set("business", Wire(f.Business)).Set("amount", Spell.Number(f.Amount, _r));
                    Optional("businessCode", f.BusinessCode);
                    if (f.FeeShare != 1m || _r.Next(3) == 0) item.Set("feeShare", Spell.Number(f.FeeShare, _r, 4));
                    else if (_r.Next(3) == 0) item.Set("feeShare", "null");
                    break;
                case ProductEvent p:
                    item.Set("type", "\"product\"").Set("product", Wire(p.Product)).Set("action", Wire(p.Action));
                    break;
                case BranchVisitEvent v:
                    item.Set("type", "\"branchVisit\"").Set("branchId", S(v.BranchId)).Set("channel", Wire(v.Channel));
                    break;
                case ProfileEvent p:
                    item.Set("type", "\"profile\"").Set("homeBranchId", S(p.HomeBranchId));
                    Optional("managerId", p.ManagerId);
                    Optional("displayName", p.DisplayName);
                    break;
            }
            if (_r.Next(4) == 0) item.Shuffle(_r);
            return item;
        }

        private static string Wire<T>(T value) where T : struct, Enum =>
            "\"" + System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString()) + "\"";

        /// <summary>The same event (same content to the contract) written differently.</summary>
        private Item Respell(Item item, string cls)
        {
            var again = Render(item.Change!);
            again.Class = cls;
            return again;
        }

        /// <summary>The same (producer, id) with other content — in a way that is still valid at the door. Some differences
        /// do not show: a display name in NFD instead of NFC, 1 second later, another customer.</summary>
        private Item OtherContent(Item item, string cls)
        {
            var c = item.Change!;
            CustomerChange changed;
            int roll = _r.Next(4);
            if (roll == 0) changed = c with { OccurredAt = c.OccurredAt.AddSeconds(c.OccurredAt > _now ? -1 : 1) };
            else if (roll == 1 && Spell.CodePoints(c.CustomerId) < 64) changed = c with { CustomerId = c.CustomerId + "x" };
            else changed = c switch
            {
                BalanceEvent b => b with { Balance = b.Balance >= LedgerDomain.MaxMoney ? b.Balance - 0.01m : b.Balance + 0.01m },
                FeeBusinessEvent f => roll == 2 ? f with { Amount = f.Amount >= LedgerDomain.MaxMoney ? f.Amount - 0.01m : f.Amount + 0.01m }
                                                : f with { FeeShare = f.FeeShare == 1m ? 0.9999m : 1m },
                ProductEvent p => p with { Action = p.Action == ProductAction.Opened ? ProductAction.Closed : ProductAction.Opened },
                BranchVisitEvent v => v with { Channel = v.Channel == VisitChannel.Counter ? VisitChannel.Kiosk : VisitChannel.Counter },
                ProfileEvent p => p with { DisplayName = p.DisplayName == "caf\u00e9" ? "cafe\u0301" : "caf\u00e9" },
                _ => throw new InvalidOperationException(),
            };
            if (changed == c) throw new InvalidOperationException("generator: other content equals the content");
            var rendered = Render(changed);
            rendered.Class = cls;
            return rendered;
        }

        private void Shuffle(List<Item> items)
        {
            var array = items.ToArray();
            _r.Shuffle(array);
            items.Clear();
            items.AddRange(array);
        }

        // ---------------------------------------------------------------------------------------------------------------
        // Invalid events: a valid event with exactly one field outside its domain.

        /// <summary>A valid event of the right type with <see cref="InvalidCase.Field"/> outside its domain.</summary>
        public Item InvalidItem(InvalidCase c)
        {
            string field = c.Field;
            if (c.Family == "not-object")
                return new Item { Raw = c.Value, InvalidField = "event", ErrorEventId = null, Class = c.Class };
            var item = BaseFor(InvalidCases.TypeOf(field));
            bool eventIdReadable = true;
            switch (c.Family)
            {
                case "missing": item.Remove(field); break;
                case "wrong-type" or "null" or "enum-raw" or "number" or "optional-wrong": item.Set(field, c.Value!); break;
                case "enum": item.Set(field, JsonText.Str(c.Value!, ascii: _r.Next(2) == 0)); break;
                case "time": item.Set(field, JsonText.Str(InvalidCases.Time(c.Value!, _now), ascii: _r.Next(2) == 0)); break;
                case "too-long":
                {
                    var (_, max) = InvalidCases.StringFields[field];
                    var alphabet = (Spell.Alphabet)_r.Next(5);
                    item.Set(field, JsonText.Str(Spell.Fill(field == "eventId" ? NewPlainId() + "-" : "", max + 1, alphabet, _r), _r.Next(2) == 0));
                    break;
                }
                case "megabyte":
                {
                    string big = field == "eventId" ? NewPlainId() + new string('x', 1 << 20)
                        : _r.Next(2) == 0 ? new string('x', 1 << 20) : new string('龍', 1 << 18);
                    item.Set(field, JsonText.Str(big, ascii: false));
                    break;
                }
                case "control":
                    // Raw where JSON allows it (U+007F and above), \u-escaped otherwise.
                    item.Set(field, JsonText.Str((field == "eventId" ? NewPlainId() : "id") + c.Value + "x", ascii: _r.Next(2) == 0));
                    break;
                case "blank": item.Set(field, JsonText.Str(c.Value!, ascii: _r.Next(2) == 0)); break;
                case "invalid-text":
                    item.Set(field, c.Value == "lone-surrogate" ? "\"x\\ud800y\"" : "\"x" + JsonText.BadUtf8 + "y\"");
                    eventIdReadable = field != "eventId";
                    break;
                default: throw new InvalidOperationException($"generator: unknown case {c}");
            }
            return Invalid(item, field, c.Class, eventIdReadable);
        }

        private Item Invalid(Item item, string field, string cls, bool eventIdReadable)
        {
            item.InvalidField = field;
            item.Class = cls;
            // The 400 echoes the eventId as sent whenever it is readable text, even when it is itself the invalid field.
            item.ErrorEventId = eventIdReadable ? EchoedId(item.Get("eventId")) : null;
            return item;
        }

        private static string? EchoedId(string? raw)
        {
            if (raw is null || raw.Length == 0 || raw[0] != '"') return null;
            try { return System.Text.Json.JsonSerializer.Deserialize<string>(raw); }
            catch (System.Text.Json.JsonException) { return null; }
        }

        private static string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>A fresh valid event of the type (never acknowledged: it is made invalid).</summary>
        private Item BaseFor(string type)
        {
            for (int attempt = 0; ; attempt++)
            {
                var item = ValidItem(Demo, feature: "plain");
                var t = item.Get("type")!.Trim('"');
                if (type == "any" || t == type || attempt > 200)
                {
                    if (type != "any" && t != type) throw new InvalidOperationException($"generator: no {type} event");
                    // Make sure the optional fields a mutation may need to break exist as keys to replace.
                    return item;
                }
            }
        }
    }
}
