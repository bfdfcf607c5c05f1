using System.Globalization;
using System.Text.Json;
using CrmActors.Scoring;
using CrmActors.Simulator.Events;
using CrmActors.Simulator.Generation;
using CrmActors.Simulator.Oracle;
using CrmActors.Simulator.Sending;
using CrmActors.Simulator.Verification;
using Spectre.Console;

namespace CrmActors.Simulator.Cli;

/// <summary>The simulator's commands: generate, send, verify, stats (src/Simulator/README.md).</summary>
public sealed class CliApp
{
    public const string DefaultUrl = "http://127.0.0.1:8080";
    public const string DefaultApiKey = "demo-ingest-key";
    public const int ExitOk = 0, ExitFailed = 1, ExitUsage = 2, ExitCancelled = 130;

    private readonly IAnsiConsole _console;
    private readonly Func<HttpMessageHandler>? _handler;

    /// <param name="console">Where output goes (tests pass a recording console).</param>
    /// <param name="handler">The HTTP handler to reach the engine through (tests: an in-process server's); null for
    /// a real socket handler.</param>
    public CliApp(IAnsiConsole? console = null, Func<HttpMessageHandler>? handler = null)
    {
        _console = console ?? AnsiConsole.Console;
        _handler = handler;
    }

    public const string Usage = """
        CrmActors card-system simulator

          generate --customers N [--seed S] [--as-of T] --out FILE.ndjson
          send     (--in FILE | --customers N [--seed S] [--as-of T]) [--url U] [--api-key K]
                   [--batch 1000] [--rate EVENTS_PER_S] [--concurrency 8] [--max-retries 10] [--timeout 100]
                   [--twice] [--shuffle] [--report-json FILE] [--quiet]
          verify   (--in FILE | --customers N [--seed S] [--as-of T]) [--url U] [--user admin] [--password demo]
                   [--concurrency 16] [--details 20] [--report-json FILE] [--quiet]
          stats    (--in FILE [--at T] | --customers N [--seed S] [--as-of T])

        Bank options: --prefix P (customer ids P C0000001…, default S<seed>-), --branches 50,
          --managers-per-branch 2, --tail-minutes 60, --tail-events 1.0 (live-tail events per customer).
        --as-of is the run's clock (default now): no event occurs after it; the same seed and as-of give the same
          events byte for byte. send prints the as-of it used; pass it to verify, or write a file with generate.
        Exit codes: 0 ok; 1 failed events or mismatches; 2 usage; 130 cancelled.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken ct = default)
    {
        CliArgs cli;
        try
        {
            if (args.Count == 0 || args[0] is "help" or "--help" or "-h")
            {
                _console.WriteLine(Usage);
                return args.Count == 0 ? ExitUsage : ExitOk;
            }
            cli = new CliArgs(args);
            return cli.Command switch
            {
                "generate" => Generate(cli),
                "send" => await SendAsync(cli, ct),
                "verify" => await VerifyAsync(cli, ct),
                "stats" => Stats(cli),
                _ => throw new UsageException($"Unknown command '{cli.Command}'."),
            };
        }
        catch (UsageException ex)
        {
            _console.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
            _console.WriteLine(Usage);
            return ExitUsage;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _console.MarkupLine("[yellow]Cancelled.[/]");
            return ExitCancelled;
        }
        catch (Exception ex) when (ex is IOException or FormatException or HttpRequestException or InvalidOperationException
                                       or UnauthorizedAccessException)
        {
            _console.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
            return ExitFailed;
        }
    }

    // ── generate ──

    private int Generate(CliArgs cli)
    {
        var generator = new BankGenerator(BankFrom(cli, required: true)!);
        string output = cli.String("out") ?? throw new UsageException("generate needs --out FILE (or --out - for standard output).");
        cli.EnsureAllRead();
        var started = DateTime.UtcNow;
        long lines;
        if (output == "-")
        {
            using var stdout = Console.OpenStandardOutput();
            lines = EventLines.Write(EventLines.FromGenerator(generator), stdout);
            return ExitOk;
        }
        using (var file = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            lines = EventLines.Write(EventLines.FromGenerator(generator), file);
        var o = generator.Options;
        _console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {lines:N0} events of {o.Customers:N0} customers to {output} in {(DateTime.UtcNow - started).TotalSeconds:0.0} s " +
            $"(seed {o.Seed}, as-of {EventJson.Time(ToBank(o.AsOf, o.Model))}, history from {EventJson.Time(ToBank(generator.HistoryStart, o.Model))}, " +
            $"live tail after {EventJson.Time(ToBank(generator.HistoryEnd, o.Model))})."));
        return ExitOk;
    }

    // ── send ──

    private async Task<int> SendAsync(CliArgs cli, CancellationToken ct)
    {
        var (lines, total, describe, seed) = SourceFrom(cli);
        bool twice = cli.Flag("twice"), shuffle = cli.Flag("shuffle");
        var options = new SendOptions
        {
            BatchSize = cli.Int("batch", 1_000, 1, 10_000),
            Rate = cli.Double("rate", 0, min: 0),
            Concurrency = cli.Int("concurrency", 8, 1, 1_024),
            Retry = new RetryPolicy { MaxRetries = cli.Int("max-retries", 10, 0, 1_000) },
        };
        var timeout = TimeSpan.FromSeconds(cli.Int("timeout", 100, 1, 3_600));
        string url = cli.String("url", DefaultUrl), apiKey = cli.String("api-key", DefaultApiKey);
        string? reportJson = cli.String("report-json");
        bool quiet = cli.Flag("quiet");
        cli.EnsureAllRead();

        if (twice || shuffle)
        {
            var arranged = EventLines.Arrange(lines, twice ? 2 : 1, shuffle, seed);
            lines = arranged;
            total = arranged.Count;
        }
        _console.WriteLine($"Sending {describe}{(twice ? ", every event twice" : "")}{(shuffle ? ", shuffled" : "")} to {url} " +
                           $"in batches of {options.BatchSize:N0}, {options.Concurrency} in flight, " +
                           (options.Rate > 0 ? $"at {options.Rate:N0} events/s." : "as fast as acknowledged."));

        using var http = Client(url, options.Concurrency, timeout);
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "ApiKey " + apiKey);
        await EnsureReachableAsync(http, url, ct);
        var progress = new SendProgress(total);
        var meter = new RateMeter(TimeSpan.FromSeconds(3));
        var work = new Sender(http, options).SendAsync(lines, progress, ct);
        SendReport report;
        try
        {
            report = await ProgressView.RunAsync(_console, "send", quiet, () =>
            {
                var l = progress.Latency.Snapshot();
                string failed = progress.FailedEvents > 0 ? $"  failed {progress.FailedEvents:N0}" : "";
                return new ProgressView.Reading(progress.Done, progress.Total,
                    $"{meter.Read(progress.Acknowledged),9:N0} ev/s  ack p50 {l.P50:N1} ms  p99 {l.P99:N1} ms  retries {progress.Retries:N0}{failed}");
            }, work);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C: what was acknowledged so far (batches in flight were abandoned; resending is safe).
            PrintSendReport(progress.Report(), options, "send report (cancelled)");
            throw;
        }
        PrintSendReport(report, options, "send report");
        if (reportJson is not null) WriteJson(reportJson, report);
        return report.Succeeded ? ExitOk : ExitFailed;
    }

    private void PrintSendReport(SendReport report, SendOptions options, string title)
    {
        var table = new Table().Title(title).HideHeaders().AddColumn("").AddColumn(new TableColumn("").RightAligned());
        void Row(string k, string v) => table.AddRow(Markup.Escape(k), Markup.Escape(v));
        Row("sent (events)", $"{report.Sent:N0}");
        Row("accepted", $"{report.Accepted:N0}");
        Row("duplicates", $"{report.Duplicates:N0}");
        Row("retries (batches)", $"{report.Retries:N0}");
        Row("failed (events)", $"{report.FailedEvents:N0} in {report.FailedBatches:N0} batches");
        Row("batches", $"{report.Batches:N0} of ≤ {options.BatchSize:N0}");
        Row("elapsed", $"{report.Elapsed.TotalSeconds:N2} s");
        Row("events/s (acknowledged)", $"{report.EventsPerSecond:N0}");
        Row("ack latency p50 / p90", $"{report.AckLatencyMs.P50:N1} / {report.AckLatencyMs.P90:N1} ms");
        Row("ack latency p99 / max", $"{report.AckLatencyMs.P99:N1} / {report.AckLatencyMs.Max:N1} ms");
        _console.Write(table);
        foreach (var error in report.Errors.Take(10)) _console.MarkupLine($"[red]{Markup.Escape(error)}[/]");
    }

    // ── verify ──

    private async Task<int> VerifyAsync(CliArgs cli, CancellationToken ct)
    {
        var customers = CustomersFrom(cli, out string describe);
        string url = cli.String("url", DefaultUrl);
        string user = cli.String("user", "admin"), password = cli.String("password", "demo");
        int concurrency = cli.Int("concurrency", 16, 1, 1_024);
        int details = cli.Int("details", Verifier.DefaultDetails, 0, 1_000_000);
        var timeout = TimeSpan.FromSeconds(cli.Int("timeout", 100, 1, 3_600));
        string? reportJson = cli.String("report-json");
        bool quiet = cli.Flag("quiet");
        cli.EnsureAllRead();

        _console.WriteLine($"Verifying {describe} against {url} as {user}, {concurrency} reads in flight.");
        using var http = Client(url, concurrency, timeout);
        await EnsureReachableAsync(http, url, ct);
        await Verifier.SignInAsync(http, user, password, ct);
        var progress = new VerifyProgress(customers.Count);
        var meter = new RateMeter(TimeSpan.FromSeconds(3));
        var work = new Verifier(http, concurrency).VerifyAsync(customers, progress, details, ct);
        var report = await ProgressView.RunAsync(_console, "verify", quiet, () => new ProgressView.Reading(progress.Checked,
            progress.Total, $"{meter.Read(progress.Checked),7:N0} customers/s  mismatching {progress.Mismatching:N0}"), work);

        if (report.Details.Count > 0)
        {
            var table = new Table().Title($"first {report.Details.Count} mismatches")
                .AddColumns("customer", "field", "oracle", "engine");
            foreach (var m in report.Details)
                table.AddRow(Markup.Escape(m.CustomerId), Markup.Escape(m.Field), Markup.Escape(m.Expected), Markup.Escape(m.Actual));
            _console.Write(table);
        }
        if (report.ClockSkewWarnings > 0)
            _console.MarkupLine($"[yellow]{report.ClockSkewWarnings:N0} answers had an asOf more than {Verifier.ClockSkewWarning.TotalMinutes:0} minutes from this machine's clock; the oracle was evaluated at the engine's asOf.[/]");
        string verdict = report.Succeeded ? "[green]verify passed[/]" : "[red]verify FAILED[/]";
        _console.MarkupLine($"{verdict}: {report.Customers:N0} customers, {report.Matching:N0} match the oracle, " +
                            $"{report.Mismatching:N0} differ ({report.Elapsed.TotalSeconds:N1} s).");
        if (reportJson is not null) WriteJson(reportJson, report);
        return report.Succeeded ? ExitOk : ExitFailed;
    }

    // ── stats ──

    private int Stats(CliArgs cli)
    {
        BankStats stats;
        string describe;
        if (cli.String("in") is { } path)
        {
            var at = cli.Time("at") ?? DateTimeOffset.UtcNow;
            cli.EnsureAllRead();
            var groups = EventLines.GroupByCustomer(EventLines.FromFile(path));
            stats = BankStats.Of(groups.Select(g => (IReadOnlyList<SimEvent>)g.Events).ToList(), at);
            describe = $"{path}, evaluated at {EventJson.Time(ToBank(at, StarModelOptions.Default))}";
        }
        else
        {
            var options = BankFrom(cli, required: true)!;
            cli.EnsureAllRead();
            stats = BankStats.Of(new BankGenerator(options));
            describe = $"{options.Customers:N0} customers, seed {options.Seed}, evaluated at as-of {EventJson.Time(ToBank(options.AsOf, options.Model))}";
        }
        Print(stats, describe);
        return ExitOk;
    }

    private void Print(BankStats stats, string describe)
    {
        _console.WriteLine($"Oracle (CustomerLedger) over {describe}:");
        var stars = new Table().Title("star distribution").AddColumns("star", "service", "share", "contribution", "share");
        foreach (var s in BankStats.Levels)
            stars.AddRow(s.ToWire(), $"{stats.ServiceStars[s]:N0}", Pct(stats.ServiceStars[s], stats.Customers),
                $"{stats.ContributionStars[s]:N0}", Pct(stats.ContributionStars[s], stats.Customers));
        stars.AddRow("unrated–3", "", Pct(stats.ServiceShare(s => s <= Star.Three)), "", Pct(stats.ContributionShare(s => s <= Star.Three)));
        stars.AddRow("6–7", "", Pct(stats.ServiceShare(s => s >= Star.Six)), "", Pct(stats.ContributionShare(s => s >= Star.Six)));
        _console.Write(stars);
        _console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"points: p10 {stats.PointsAt(0.10):N2}  p50 {stats.PointsAt(0.50):N2}  p90 {stats.PointsAt(0.90):N2}  p99 {stats.PointsAt(0.99):N2}  p99.9 {stats.PointsAt(0.999):N2}  max {stats.PointsAt(1.0):N2}"));
        if (stats.Segments.Values.Sum() > 0)
            _console.WriteLine("segments: " + string.Join("  ", stats.Segments.Select(kv => $"{kv.Key.ToString().ToLowerInvariant()} {kv.Value:N0} ({Pct(kv.Value, stats.Customers)})")));
        var mix = new Table().Title("event mix").AddColumns("event", "count", "share", "per customer");
        foreach (var (kind, count) in stats.EventMix.OrderByDescending(kv => kv.Value))
            mix.AddRow(kind, $"{count:N0}", Pct(count, stats.Events), (count / (double)Math.Max(1, stats.Customers)).ToString("0.00", CultureInfo.InvariantCulture));
        mix.AddRow("all", $"{stats.Events:N0}", "100.0 %", stats.MeanEventsPerCustomer.ToString("0.00", CultureInfo.InvariantCulture));
        _console.Write(mix);
        _console.WriteLine($"live tail: {stats.TailEvents:N0} events; most events of one customer: {stats.MaxEventsPerCustomer:N0}");
    }

    private static string Pct(long part, long whole) => Pct(whole == 0 ? 0 : part / (double)whole);

    private static string Pct(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    // ── sources ──

    /// <summary>The generator options, or null when none is given and not required.</summary>
    private static BankOptions? BankFrom(CliArgs cli, bool required)
    {
        if (!cli.Has("customers"))
        {
            if (required) throw new UsageException("Give --customers N (and optionally --seed S, --as-of T).");
            return null;
        }
        var defaults = new BankOptions();
        return new BankOptions
        {
            Customers = cli.Int("customers", 1_000, 1, 50_000_000),
            Seed = cli.Long("seed", defaults.Seed),
            AsOf = cli.Time("as-of") is { } t ? Truncate(t) : defaults.AsOf,
            Prefix = cli.String("prefix"),
            Branches = cli.Int("branches", defaults.Branches, 1, 999),
            ManagersPerBranch = cli.Int("managers-per-branch", defaults.ManagersPerBranch, 1, 9),
            Tail = TimeSpan.FromMinutes(cli.Double("tail-minutes", defaults.Tail.TotalMinutes, min: 0)),
            TailEventsPerCustomer = cli.Double("tail-events", defaults.TailEventsPerCustomer, min: 0),
        };
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, t.Offset);

    private (IEnumerable<byte[]> Lines, long? Total, string Describe, long Seed) SourceFrom(CliArgs cli)
    {
        if (cli.String("in") is { } path)
        {
            if (cli.Has("customers")) throw new UsageException("Give either --in or --customers, not both.");
            long seed = cli.Long("seed", 1);
            return (EventLines.FromFile(path), CountLines(path), $"{path}", seed);
        }
        var options = BankFrom(cli, required: false)
            ?? throw new UsageException("Give --in FILE or --customers N (a bank generated on the fly).");
        var generator = new BankGenerator(options);
        _console.WriteLine($"Bank: seed {options.Seed}, as-of {EventJson.Time(ToBank(options.AsOf, options.Model))} " +
                           $"(pass --as-of {EventJson.Time(ToBank(options.AsOf, options.Model))} to verify or resend the same events).");
        return (EventLines.FromGenerator(generator), null, $"{options.Customers:N0} generated customers", options.Seed);
    }

    private List<(string, Func<IReadOnlyList<SimEvent>>)> CustomersFrom(CliArgs cli, out string describe)
    {
        if (cli.String("in") is { } path)
        {
            if (cli.Has("customers")) throw new UsageException("Give either --in or --customers, not both.");
            var groups = EventLines.GroupByCustomer(EventLines.FromFile(path));
            describe = $"{groups.Count:N0} customers of {path}";
            return groups.Select(g => (g.CustomerId, (Func<IReadOnlyList<SimEvent>>)(() => g.Events))).ToList();
        }
        var options = BankFrom(cli, required: false)
            ?? throw new UsageException("Give --in FILE or --customers N (with the --seed and --as-of the events were sent with).");
        if (!cli.Has("as-of"))
            throw new UsageException("verify with --customers needs the --as-of the bank was sent with (send prints it).");
        var generator = new BankGenerator(options);
        describe = $"{options.Customers:N0} customers of seed {options.Seed} as of {EventJson.Time(ToBank(options.AsOf, options.Model))}";
        return Enumerable.Range(0, options.Customers)
            .Select(i => (generator.CustomerId(i), (Func<IReadOnlyList<SimEvent>>)(() => generator.Generate(i).Events.ToList())))
            .ToList();
    }

    /// <summary>Fails fast, with the reason, when nothing answers at the URL (rather than retrying every batch).</summary>
    private static async Task EnsureReachableAsync(HttpClient http, string url, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync("health/live", ct);
        }
        catch (HttpRequestException ex)
        {
            throw new InvalidOperationException($"The engine at {url} does not answer ({ex.Message}). Start it with: dotnet run --project src/Api -c Release", ex);
        }
    }

    private static long CountLines(string path)
    {
        long n = 0;
        foreach (var _ in EventLines.FromFile(path)) n++;
        return n;
    }

    private static DateTimeOffset ToBank(DateTimeOffset t, StarModelOptions model) => TimeZoneInfo.ConvertTime(t, model.BankTimeZone);

    private HttpClient Client(string url, int connections, TimeSpan timeout)
    {
        if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var baseAddress))
            throw new UsageException($"--url must be an absolute URL, not '{url}'.");
        HttpMessageHandler handler = _handler?.Invoke() ?? new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = baseAddress, Timeout = timeout };
    }

    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static void WriteJson<T>(string path, T report) => File.WriteAllText(path, JsonSerializer.Serialize(report, ReportJson));
}
