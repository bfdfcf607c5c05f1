using System.Text;
using CrmActors.Simulator.Cli;
using CrmActors.Simulator.Events;
using CrmActors.Simulator.Generation;
using CrmActors.Simulator.Sending;
using CrmActors.Simulator.Tests.Support;
using CrmActors.Simulator.Verification;

namespace CrmActors.Simulator.Tests;

/// <summary>The simulator against the real engine in this process: a bank sent, sent again, sent through failures,
/// and verified customer by customer against the oracle.</summary>
[Collection(EngineCollection.Name)]
public sealed class EngineTests(EngineFactory engine)
{
    private static BankGenerator Bank(string prefix, int customers) => new(new BankOptions
    {
        Customers = customers,
        Seed = 11,
        Prefix = prefix,
        AsOf = BankOptions.DefaultAsOf(), // the engine runs on the system clock; no event may be in its future
    });

    private async Task<VerifyReport> Verify(BankGenerator bank)
    {
        using var http = engine.Client();
        await Verifier.SignInAsync(http, "admin", "demo");
        var customers = Enumerable.Range(0, bank.Options.Customers)
            .Select(i => (bank.CustomerId(i), (Func<IReadOnlyList<SimEvent>>)(() => bank.Generate(i).Events.ToList())))
            .ToList();
        return await new Verifier(http, concurrency: 8).VerifyAsync(customers, new VerifyProgress(customers.Count));
    }

    private async Task<SendReport> Send(IReadOnlyList<byte[]> lines, SendOptions options, params DelegatingHandler[] handlers)
    {
        using var http = engine.Ingest(handlers);
        return await new Sender(http, options).SendAsync(lines, new SendProgress(lines.Count));
    }

    [Fact]
    public async Task A_bank_sent_twice_is_counted_once_and_matches_the_oracle()
    {
        var bank = Bank("twice-", 300);
        var lines = EventLines.FromGenerator(bank).ToList();
        var options = new SendOptions { BatchSize = 1_000, Concurrency = 4 };

        var first = await Send(lines, options);
        Assert.True(first.Succeeded, string.Join("; ", first.Errors));
        Assert.Equal(lines.Count, first.Accepted);
        Assert.Equal(0, first.Duplicates);
        var verified = await Verify(bank);
        Assert.True(verified.Succeeded, Describe(verified));
        Assert.Equal(300, verified.Matching);

        var second = await Send(lines, options);
        Assert.Equal(0, second.Accepted);
        Assert.Equal(lines.Count, second.Duplicates);
        var again = await Verify(bank);
        Assert.True(again.Succeeded, Describe(again));
    }

    [Fact]
    public async Task Every_event_twice_in_shuffled_order_changes_nothing()
    {
        var bank = Bank("shuffled-", 150);
        var lines = EventLines.Arrange(EventLines.FromGenerator(bank), copies: 2, shuffle: true, seed: 3);
        var report = await Send(lines, new SendOptions { BatchSize = 500, Concurrency = 4 });
        Assert.True(report.Succeeded, string.Join("; ", report.Errors));
        Assert.Equal(lines.Count / 2, report.Accepted);
        Assert.Equal(lines.Count / 2, report.Duplicates);
        var verified = await Verify(bank);
        Assert.True(verified.Succeeded, Describe(verified));
    }

    [Fact]
    public async Task A_batch_retried_after_its_answer_was_lost_is_not_counted_twice()
    {
        var bank = Bank("retried-", 200);
        var lines = EventLines.FromGenerator(bank).ToList();
        // The engine applies the 2nd request, but the sender is told 503; the 4th is applied and its connection lost.
        var flaky = new FlakyHandler(attempt => attempt switch
        {
            2 => FlakyHandler.Fault.UnavailableAfterApplying,
            4 => FlakyHandler.Fault.ConnectionLostAfterApplying,
            _ => FlakyHandler.Fault.None,
        });
        var report = await Send(lines, new SendOptions
        {
            BatchSize = 1_000, Concurrency = 1,
            Retry = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(50) },
        }, flaky);

        Assert.True(report.Succeeded, string.Join("; ", report.Errors));
        Assert.Equal(2, report.Retries);
        // The two retried batches of 1,000 had been applied before their answers were lost: their retries are
        // duplicates, so every event is counted once.
        Assert.Equal(2_000, report.Duplicates);
        Assert.Equal(lines.Count - 2_000, report.Accepted);
        var requests = flaky.Requests.OrderBy(r => r.Attempt).ToList();
        Assert.Equal(requests[1].Body, requests[2].Body); // the retry is byte-identical
        Assert.Equal(requests[3].Body, requests[4].Body);
        var verified = await Verify(bank);
        Assert.True(verified.Succeeded, Describe(verified));
    }

    [Fact]
    public async Task The_command_line_sends_a_file_and_verify_finds_a_customer_the_engine_never_heard_of_the_same()
    {
        string dir = Directory.CreateTempSubdirectory("crm-sim-").FullName;
        try
        {
            string file = Path.Combine(dir, "bank.ndjson");
            var console = new RecordingConsole();
            var app = new CliApp(console.Console, () => engine.Server.CreateHandler());
            string asOf = EventJson.Time(BankOptions.DefaultAsOf());

            Assert.Equal(0, await app.RunAsync(["generate", "--customers", "120", "--seed", "5", "--prefix", "cli-",
                "--as-of", asOf, "--out", file]));
            Assert.Equal(0, await app.RunAsync(["send", "--in", file, "--url", EngineFactory.Url, "--batch", "700", "--quiet"]));
            Assert.Contains("accepted", console.Output, StringComparison.Ordinal);
            Assert.Equal(0, await app.RunAsync(["verify", "--in", file, "--url", EngineFactory.Url, "--quiet"]));
            Assert.Contains("verify passed: 120 customers", console.Output, StringComparison.Ordinal);
            // The same bank regenerated from its seed and clock verifies too.
            Assert.Equal(0, await app.RunAsync(["verify", "--customers", "120", "--seed", "5", "--prefix", "cli-",
                "--as-of", asOf, "--url", EngineFactory.Url, "--quiet"]));

            // A file with one more event than was sent: that customer differs from the oracle; exit code 1.
            var lines = File.ReadAllLines(file).ToList();
            var extra = SimEvent.BalanceOf("cli-extra-1", "cli-C0000007", BankOptions.DefaultAsOf().AddDays(-30),
                "cli-C0000007-TD9", CrmActors.Scoring.BalanceIndicator.LongTermAssets, 5_000_000m);
            lines.Add(EventJson.ToLine(extra));
            string tampered = Path.Combine(dir, "tampered.ndjson");
            File.WriteAllLines(tampered, lines, new UTF8Encoding(false));
            console.Clear();
            Assert.Equal(1, await app.RunAsync(["verify", "--in", tampered, "--url", EngineFactory.Url, "--quiet"]));
            Assert.Contains("cli-C0000007", console.Output, StringComparison.Ordinal);
            Assert.Contains("verify FAILED", console.Output, StringComparison.Ordinal);
            Assert.Contains("119 match the oracle, 1 differ", console.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Describe(VerifyReport r) =>
        $"{r.Mismatching} of {r.Customers} differ: " + string.Join("; ", r.Details.Select(d => $"{d.CustomerId} {d.Field} oracle {d.Expected} engine {d.Actual}"));
}
