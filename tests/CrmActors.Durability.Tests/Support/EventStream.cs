using System.Buffers;
using System.Text.Json;
using CrmActors.Abstractions.Changes;
using CrmActors.Scoring;

namespace CrmActors.Durability.Tests.Support;

/// <summary>A reproducible stream of contract events over many customers, and its batches as the exact bytes a
/// producer posts (and posts again, unchanged, when it retries).</summary>
/// <remarks>Every event moves a customer's points: fee business adds (so an event counted twice shows), balances
/// change (so a lost one shows), some product events move the service-star floor. Times lie within the last 170
/// days, in random order, so batches carry late events too.</remarks>
public sealed class EventStream
{
    /// <summary>The producer the tests' API key (the demo identity) stands for: the oracle must know it, since an
    /// event is identified by (producer, id).</summary>
    public const string Producer = "demo";

    private static readonly BalanceIndicator[] Indicators = Enum.GetValues<BalanceIndicator>();
    private static readonly FeeBusinessType[] Businesses = Enum.GetValues<FeeBusinessType>();
    private static readonly ProductType[] Products = Enum.GetValues<ProductType>();

    private EventStream(IReadOnlyList<string> customers, IReadOnlyList<CustomerChange> events)
    {
        Customers = customers;
        Events = events;
    }

    public IReadOnlyList<string> Customers { get; }
    public IReadOnlyList<CustomerChange> Events { get; }

    public static EventStream Generate(string runId, int customers, int events, int seed, DateTimeOffset now)
    {
        var random = new Random(seed);
        var ids = Enumerable.Range(0, customers).Select(i => $"{runId}-c{i:D6}").ToList();
        var list = new List<CustomerChange>(events);
        var bank = TimeSpan.FromHours(8);
        for (int i = 0; i < events; i++)
        {
            // Every customer gets at least one event; the rest fall at random.
            var customer = ids[i < customers ? i : random.Next(customers)];
            var at = (now - TimeSpan.FromMinutes(1) - TimeSpan.FromSeconds(random.NextInt64(0, 170L * 86_400))).ToOffset(bank);
            at = new DateTimeOffset(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, bank);
            string id = $"{runId}-{seed}-e{i:D7}";
            int kind = random.Next(100);
            list.Add(kind switch
            {
                < 45 => new BalanceEvent
                {
                    CustomerId = customer, Producer = Producer, ChangeId = id, OccurredAt = at,
                    AccountId = $"A{random.Next(3)}", Indicator = Indicators[random.Next(Indicators.Length)],
                    Balance = random.Next(0, 50_000_000) / 100m,
                },
                < 93 => new FeeBusinessEvent
                {
                    CustomerId = customer, Producer = Producer, ChangeId = id, OccurredAt = at,
                    Business = Businesses[random.Next(Businesses.Length)], Amount = random.Next(100, 2_000_000) / 100m,
                },
                _ => (CustomerChange)new ProductEvent
                {
                    CustomerId = customer, Producer = Producer, ChangeId = id, OccurredAt = at,
                    Product = Products[random.Next(Products.Length)], Action = random.Next(4) == 0 ? ProductAction.Closed : ProductAction.Opened,
                },
            });
        }
        var shuffled = list.ToArray();
        random.Shuffle(shuffled);
        return new EventStream(ids, shuffled);
    }

    /// <summary>The events cut into batches of <paramref name="size"/>, each as its JSON body.</summary>
    public List<byte[]> Batches(int size, IReadOnlyList<CustomerChange>? order = null)
    {
        order ??= Events;
        var batches = new List<byte[]>((order.Count + size - 1) / size);
        for (int i = 0; i < order.Count; i += size)
            batches.Add(Json(order.Skip(i).Take(size)));
        return batches;
    }

    /// <summary>A batch as the contract's JSON body: <c>{"events":[...]}</c>.</summary>
    public static byte[] Json(IEnumerable<CustomerChange> batch)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("events");
            foreach (var e in batch)
            {
                w.WriteStartObject();
                w.WriteString("eventId", e.ChangeId);
                w.WriteString("customerId", e.CustomerId);
                w.WriteString("occurredAt", e.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
                switch (e)
                {
                    case BalanceEvent b:
                        w.WriteString("type", "balance");
                        w.WriteString("accountId", b.AccountId);
                        w.WriteString("indicator", Wire(b.Indicator));
                        w.WriteNumber("balance", b.Balance);
                        break;
                    case FeeBusinessEvent f:
                        w.WriteString("type", "feeBusiness");
                        w.WriteString("business", Wire(f.Business));
                        w.WriteNumber("amount", f.Amount);
                        break;
                    case ProductEvent p:
                        w.WriteString("type", "product");
                        w.WriteString("product", Wire(p.Product));
                        w.WriteString("action", Wire(p.Action));
                        break;
                    case ProfileEvent p:
                        w.WriteString("type", "profile");
                        w.WriteString("homeBranchId", p.HomeBranchId);
                        if (p.ManagerId is not null) w.WriteString("managerId", p.ManagerId);
                        if (p.DisplayName is not null) w.WriteString("displayName", p.DisplayName);
                        break;
                    default:
                        throw new NotSupportedException(e.GetType().Name);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static string Wire<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
