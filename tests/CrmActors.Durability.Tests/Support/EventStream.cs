using System.Buffers;
using System.Text.Json;
using CrmActors.Abstractions;
using CrmActors.Scoring;

namespace CrmActors.Durability.Tests.Support;

/// <summary>A reproducible stream of contract events over many customers, and its batches as the exact bytes a
/// producer posts (and posts again, unchanged, when it retries).</summary>
/// <remarks>Every event moves a customer's points: fee business adds (so an event counted twice shows), balances
/// change (so a lost one shows), some product events move the service-star floor. Times lie within the last 170
/// days, in random order, so batches carry late events too.</remarks>
public sealed class EventStream
{
    private static readonly BalanceIndicator[] Indicators = Enum.GetValues<BalanceIndicator>();
    private static readonly FeeBusinessType[] Businesses = Enum.GetValues<FeeBusinessType>();
    private static readonly ProductType[] Products = Enum.GetValues<ProductType>();

    private EventStream(IReadOnlyList<string> customers, IReadOnlyList<IngestedEvent> events)
    {
        Customers = customers;
        Events = events;
    }

    public IReadOnlyList<string> Customers { get; }
    public IReadOnlyList<IngestedEvent> Events { get; }

    public static EventStream Generate(string runId, int customers, int events, int seed, DateTimeOffset now)
    {
        var random = new Random(seed);
        var ids = Enumerable.Range(0, customers).Select(i => $"{runId}-c{i:D6}").ToList();
        var list = new List<IngestedEvent>(events);
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
                < 45 => new IngestedEvent(id, customer, at, CustomerEventType.Balance,
                    AccountId: $"A{random.Next(3)}", Indicator: Indicators[random.Next(Indicators.Length)],
                    Balance: random.Next(0, 50_000_000) / 100m),
                < 93 => new IngestedEvent(id, customer, at, CustomerEventType.FeeBusiness,
                    Business: Businesses[random.Next(Businesses.Length)], Amount: random.Next(100, 2_000_000) / 100m, FeeShare: 1m),
                _ => new IngestedEvent(id, customer, at, CustomerEventType.Product,
                    Product: Products[random.Next(Products.Length)], Action: random.Next(4) == 0 ? ProductAction.Closed : ProductAction.Opened),
            });
        }
        var shuffled = list.ToArray();
        random.Shuffle(shuffled);
        return new EventStream(ids, shuffled);
    }

    /// <summary>The events cut into batches of <paramref name="size"/>, each as its JSON body.</summary>
    public List<byte[]> Batches(int size, IReadOnlyList<IngestedEvent>? order = null)
    {
        order ??= Events;
        var batches = new List<byte[]>((order.Count + size - 1) / size);
        for (int i = 0; i < order.Count; i += size)
            batches.Add(Json(order.Skip(i).Take(size)));
        return batches;
    }

    /// <summary>A batch as the contract's JSON body: <c>{"events":[...]}</c>.</summary>
    public static byte[] Json(IEnumerable<IngestedEvent> batch)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("events");
            foreach (var e in batch)
            {
                w.WriteStartObject();
                w.WriteString("eventId", e.EventId);
                w.WriteString("customerId", e.CustomerId);
                w.WriteString("occurredAt", e.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteString("type", Wire(e.Type));
                switch (e.Type)
                {
                    case CustomerEventType.Balance:
                        w.WriteString("accountId", e.AccountId);
                        w.WriteString("indicator", Wire(e.Indicator!.Value));
                        w.WriteNumber("balance", e.Balance!.Value);
                        break;
                    case CustomerEventType.FeeBusiness:
                        w.WriteString("business", Wire(e.Business!.Value));
                        w.WriteNumber("amount", e.Amount!.Value);
                        break;
                    case CustomerEventType.Product:
                        w.WriteString("product", Wire(e.Product!.Value));
                        w.WriteString("action", Wire(e.Action!.Value));
                        break;
                    default:
                        throw new NotSupportedException(e.Type.ToString());
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
