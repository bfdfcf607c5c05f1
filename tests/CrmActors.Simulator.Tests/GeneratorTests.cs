using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CrmActors.Simulator.Events;
using CrmActors.Simulator.Generation;

namespace CrmActors.Simulator.Tests;

/// <summary>The synthetic bank: reproducible from a seed, and every event one the contract accepts.</summary>
public sealed partial class GeneratorTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8));

    private static BankGenerator Bank(int customers, long seed = 42, DateTimeOffset? asOf = null) =>
        new(new BankOptions { Customers = customers, Seed = seed, AsOf = asOf ?? AsOf });

    private static List<string> Lines(BankGenerator bank) =>
        EventLines.FromGenerator(bank).Select(b => Encoding.UTF8.GetString(b)).ToList();

    [Fact]
    public void The_same_seed_and_clock_give_the_same_events_byte_for_byte()
    {
        var first = Lines(Bank(600));
        var second = Lines(Bank(600));
        Assert.True(first.Count > 600 * 10, $"only {first.Count} events");
        Assert.Equal(first, second);
    }

    [Fact]
    public void Another_seed_gives_another_bank()
    {
        var a = Lines(Bank(200, seed: 1));
        var b = Lines(Bank(200, seed: 2, asOf: AsOf));
        Assert.NotEqual(a.Select(StripIds), b.Select(StripIds));
        Assert.StartsWith("{\"eventId\":\"S1-C0000001-E0001\"", a[0]);
        Assert.StartsWith("{\"eventId\":\"S2-C0000001-E0001\"", b[0]);
    }

    [Fact]
    public void A_customer_generated_alone_is_the_same_as_in_the_whole_bank()
    {
        var bank = Bank(300);
        var all = bank.Customers().ToList();
        foreach (int i in new[] { 0, 17, 150, 299 })
        {
            var alone = Bank(300).Generate(i);
            Assert.Equal(all[i].Events.Select(EventJson.ToLine), alone.Events.Select(EventJson.ToLine));
        }
    }

    [Fact]
    public void Events_follow_the_contract()
    {
        var bank = Bank(2_000);
        var lines = Lines(bank);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var lastPerCustomer = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var types = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            string eventId = e.GetProperty("eventId").GetString()!;
            string customerId = e.GetProperty("customerId").GetString()!;
            Assert.InRange(eventId.Length, 1, 128);
            Assert.InRange(customerId.Length, 1, 64);
            if (!ids.Add(eventId)) Assert.Fail($"event id {eventId} is used twice");

            string occurredAt = e.GetProperty("occurredAt").GetString()!;
            Assert.Matches(ContractTime(), occurredAt);
            var at = DateTimeOffset.Parse(occurredAt, CultureInfo.InvariantCulture);
            if (at > AsOf) Assert.Fail($"{eventId} occurs at {occurredAt}, after the run's clock {AsOf:O}");
            if (at < bank.HistoryStart) Assert.Fail($"{eventId} occurs at {occurredAt}, before the history starts");

            string type = e.GetProperty("type").GetString()!;
            types.Add(type);
            switch (type)
            {
                case "balance":
                    Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("accountId").GetString()));
                    Assert.Contains(e.GetProperty("indicator").GetString(),
                        new[] { "shortTermAssets", "longTermAssets", "mortgage", "otherLoans", "cardOverdraft" });
                    AssertMoney(line, "balance", e.GetProperty("balance"), allowZero: true);
                    break;
                case "feeBusiness":
                    Assert.Contains(e.GetProperty("business").GetString(), new[] { "investment", "cardSpending", "settlement" });
                    AssertMoney(line, "amount", e.GetProperty("amount"), allowZero: false);
                    if (e.TryGetProperty("feeShare", out var share)) Assert.InRange(share.GetDecimal(), 0m, 1m);
                    break;
                case "product":
                    Assert.Contains(e.GetProperty("product").GetString(), new[]
                        { "privateBanking", "wealthCard", "platinumCreditCard", "wealthAccount", "goldCreditCard", "classicCreditCard" });
                    Assert.Contains(e.GetProperty("action").GetString(), new[] { "opened", "closed" });
                    break;
                case "branchVisit":
                    Assert.Matches(BranchId(), e.GetProperty("branchId").GetString()!);
                    Assert.Contains(e.GetProperty("channel").GetString(), new[] { "counter", "kiosk", "lobby" });
                    break;
                case "profile":
                    Assert.Matches(BranchId(), e.GetProperty("homeBranchId").GetString()!);
                    if (e.TryGetProperty("managerId", out var manager)) Assert.Matches(ManagerId(), manager.GetString()!);
                    Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("displayName").GetString()));
                    break;
                default:
                    Assert.Fail($"unknown type {type}");
                    break;
            }
            // What the file holds is what the simulator reads back.
            Assert.Equal(line, EventJson.ToLine(EventJson.Parse(Encoding.UTF8.GetBytes(line))));
            lastPerCustomer[customerId] = at;
        }
        Assert.Equal(2_000, lastPerCustomer.Count);
        Assert.Equal(new[] { "balance", "branchVisit", "feeBusiness", "product", "profile" }, types.Order());
    }

    [Fact]
    public void Every_customer_has_a_home_branch_and_the_wealthy_a_manager_at_it()
    {
        var bank = Bank(3_000);
        var customers = bank.Customers().ToList();
        Assert.All(customers, c => Assert.Contains(c.History, e => e.Type == SimEventType.Profile && e.HomeBranchId == c.HomeBranchId));
        Assert.All(customers, c => Assert.InRange(int.Parse(c.HomeBranchId[1..], CultureInfo.InvariantCulture), 1, 50));
        // Branch Bk's managers are M(2k−1) and M(2k).
        foreach (var c in customers.Where(c => c.ManagerId is not null))
        {
            int branch = int.Parse(c.HomeBranchId[1..], CultureInfo.InvariantCulture);
            int manager = int.Parse(c.ManagerId![1..], CultureInfo.InvariantCulture);
            Assert.InRange(manager, 2 * branch - 1, 2 * branch);
        }
        Assert.All(customers.Where(c => c.FinancialAssets >= 150_000m), c => Assert.NotNull(c.ManagerId));
        // City-centre branches are bigger: B001 homes more customers than B050.
        var homes = customers.GroupBy(c => c.HomeBranchId).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(homes["B001"] > homes.GetValueOrDefault("B050"), "B001 should be busier than B050");
    }

    [Fact]
    public void History_covers_the_window_of_the_last_rating_day_and_the_tail_the_last_hour()
    {
        var bank = Bank(1_000);
        // The last rating day before 2026-11-23 is 2026-11-01; its window starts 183 days before: 2026-05-02.
        Assert.Equal(new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.FromHours(8)), bank.HistoryStart);
        var customers = bank.Customers().ToList();
        var history = customers.SelectMany(c => c.History).ToList();
        var tail = customers.SelectMany(c => c.Tail).ToList();
        Assert.Contains(history, e => e.OccurredAt < bank.HistoryStart.AddDays(2));
        Assert.All(history, e => Assert.True(e.OccurredAt < bank.HistoryEnd));
        Assert.InRange(tail.Count, 500, 1_500);
        Assert.All(tail, e => Assert.InRange(e.OccurredAt, AsOf.AddMinutes(-60).AddSeconds(-1), AsOf));
        // The send order: every history line, then the tail merged in time order.
        var sentTail = EventLines.FromGenerator(bank).Skip(history.Count).Select(l => EventJson.Parse(l).OccurredAt).ToList();
        Assert.Equal(tail.Count, sentTail.Count);
        Assert.Equal(sentTail.Order(), sentTail);
    }

    private static void AssertMoney(string line, string field, JsonElement value, bool allowZero)
    {
        decimal amount = value.GetDecimal();
        if (allowZero ? amount < 0 : amount <= 0) Assert.Fail($"{field} {amount} in {line}");
        // Exactly two decimals on the wire: 1234.50, never 1234.5 or 1234.567.
        if (!(field == "balance" ? BalanceMoney() : AmountMoney()).IsMatch(line)) Assert.Fail($"{field} without two decimals in {line}");
    }

    private static string StripIds(string line) => IdPrefix().Replace(line, "");

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+08:00$")]
    private static partial Regex ContractTime();

    [GeneratedRegex(@"^B0[0-5][0-9]$")]
    private static partial Regex BranchId();

    [GeneratedRegex(@"^M[0-9]{3}$")]
    private static partial Regex ManagerId();

    [GeneratedRegex(@"""balance"":[0-9]+\.[0-9]{2}[,}]")]
    private static partial Regex BalanceMoney();

    [GeneratedRegex(@"""amount"":[0-9]+\.[0-9]{2}[,}]")]
    private static partial Regex AmountMoney();

    [GeneratedRegex(@"S[0-9]+-C")]
    private static partial Regex IdPrefix();
}
