using System.Diagnostics;
using CrmActors.Durability.Tests.Support;
using CrmActors.Durability.Tests.Support.Harness;
using Xunit.Abstractions;

namespace CrmActors.Durability.Tests;

/// <summary>Issue 9 ("A 202 is a promise"), item 8: a harness that tries to break the promise. From a fixed seed it
/// generates batches mixing valid events with every class of invalid input (wrong types, missing fields, unknown enum
/// names, numbers out of bounds, strings one past their limit and a megabyte long, control characters, blanks, times out
/// of range, text that is not text, elements that are not objects, bodies that are not batches, 10,001 events) and valid
/// input at the edges of the declared domain (delimiters, quotes, CJK, emoji, combining marks, exact limits in code
/// points, boundary numbers in every spelling, 2000-01-01, four minutes ahead), with duplicates and conflicts within a
/// batch and across batches and producers. The contract decides every answer in advance (<see cref="ContractModel"/>);
/// each is checked as it comes, then every customer is compared with the pure library over the acknowledged events.
/// Set CRM_HARNESS_SEED to run another seed; the seed and the counts per class are printed.</summary>
[Collection(DurabilityCollection.Name)]
public sealed class PromiseHarnessTests(DurabilityFixture fixture, ITestOutputHelper output)
{
    private readonly Figures _figures = new(output);

    public static int Seed => int.TryParse(Environment.GetEnvironmentVariable("CRM_HARNESS_SEED"), out var s) ? s : 20_261_202;

    [Fact]
    public async Task Embedded_default_answers_every_generated_batch_as_the_contract_says_and_applies_exactly_the_acknowledged_events()
    {
        _ = fixture;
        var clock = Stopwatch.StartNew();
        var plan = Generator.Generate(Seed, DateTimeOffset.UtcNow);
        _figures.Print($"promise harness, embedded default, {plan.Summary()}");
        await using var engine = await EmbeddedEngine.StartAsync(Runner.OtherProducerArgs.Split(' '));
        using var runner = new Runner([engine.Api], plan, "embedded");
        runner.OpenAll();
        await runner.RunAsync().WaitAsync(TimeSpan.FromMinutes(5));
        _figures.Print($"promise harness, embedded default: {runner.Counts()}");
        Assert.True(!runner.Failed, string.Join("\n\n", runner.Failures) + "\n--- engine log\n" + engine.LogTail);

        // Nothing is durable here and there is no delivery position to wait for from outside: compare until equal.
        using var reader = new ClusterReader([engine.Api], "");
        var differences = await FinalState.CustomersAsync(reader, plan.Acknowledged, plan.Ghosts, waitUntilEqual: TimeSpan.FromSeconds(90));
        Assert.True(differences.Count == 0, $"seed {plan.Seed}: {differences.Count} customers differ from the pure library over the acknowledged events:\n"
                                            + string.Join("\n", differences.Take(20)));
        Assert.Equal(0, await FinalState.DeadLettersAsync(engine.Api));
        _figures.Print($"promise harness, embedded default: {Oracle.Expected(plan.Acknowledged).Count} customers equal the pure library, " +
                       $"{plan.Ghosts.Count} refused-only customers unseen, in {clock.Elapsed.TotalSeconds:F0} s");
    }

    [Fact]
    public async Task PostgreSQL_mode_keeps_the_promise_through_a_database_outage_an_api_node_kill_and_a_silo_kill()
    {
        _ = fixture;
        var clock = Stopwatch.StartNew();
        // A PostgreSQL of its own (CRM_PG_STOP_PORT, default 55433): this test stops it.
        await using var postgres = await OwnPostgres.StartAsync();
        var cs = postgres.ConnectionString;
        await Persistence.SchemaMigrator.ApplyAsync(cs);
        await using var cluster = await LocalCluster.StartAsync(cs, silos: 2, apis: 2,
            extraArgs: $"--Ingest:RetryAfterSeconds 1 {Runner.OtherProducerArgs}");
        double startup = clock.Elapsed.TotalSeconds;

        var plan = Generator.Generate(Seed, DateTimeOffset.UtcNow);
        _figures.Print($"promise harness, PostgreSQL mode, {plan.Summary()}");
        using var runner = new Runner(cluster.ApiUris, plan, "postgres");
        var timeline = new List<string>();
        void Mark(string what) { lock (timeline) timeline.Add($"{clock.Elapsed.TotalSeconds:F1} s {what}"); }

        async Task Faults()
        {
            try
            {
                await InjectFaults();
            }
            catch (Exception ex)
            {
                runner.Abort($"the fault driver failed: {ex}");   // or the lanes would wait for a window that never opens
                throw;
            }
        }

        async Task InjectFaults()
        {
            runner.Open(0);
            await runner.Done(0);
            if (runner.Failed) return;

            // 1. PostgreSQL stopped (immediate: a crash) while each lane sends a big batch (window 1); the lanes' next
            // batches (window 2) all meet the outage: 503, retried with the same bytes until it is back. Probes sent once
            // while it is down must be 503 and never applied.
            var stop = postgres.StopImmediatelyAsync();
            runner.Open(1);
            await stop;
            Mark("PostgreSQL stopped (immediate)");
            runner.Open(2);
            await runner.SendProbesAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            await postgres.StartAgainAsync();
            Npgsql.NpgsqlConnection.ClearAllPools();   // this process's pooled connections died with the server
            Mark("PostgreSQL started again");
            await runner.Done(2);
            if (runner.Failed) return;

            // 2. API node 1 killed with -9 while a big batch is in flight to it, then restarted while the lanes go on
            // through node 2 (the producer's retries of the cut batch included).
            runner.Open(3);
            await runner.BigBatchSent(cluster.Api(1), window: 3).WaitAsync(TimeSpan.FromMinutes(1));
            await cluster.Kill9Async("api", 1);
            Mark("api 1 killed (-9)");
            var apiBack = cluster.RestartAsync("api", 1).ContinueWith(t => { Mark("api 1 restarted"); return t; }).Unwrap();
            await runner.Done(3);
            if (runner.Failed) { await apiBack; return; }

            // 3. Silo 1 killed with -9 while window 4's big batches (and what is still undelivered) are being delivered, then
            // restarted; API node 1 may still be coming back.
            runner.Open(4);
            await runner.BigBatchAcknowledged(window: 4).WaitAsync(TimeSpan.FromMinutes(2));
            long undelivered = await Journal.UndeliveredAsync(cs).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : -1);
            await cluster.Kill9Async("silo", 1);
            Mark($"silo 1 killed (-9), {undelivered:N0} journaled events undelivered");
            var siloBack = cluster.RestartAsync("silo", 1);
            await runner.Done(4);
            await Task.WhenAll(apiBack, siloBack);
            Mark("silo 1 restarted");

            runner.Open(5);
            await runner.Done(5);
        }

        try
        {
            await Task.WhenAll(runner.RunAsync(), Faults()).WaitAsync(TimeSpan.FromMinutes(8));
            Mark("every batch answered");
            _figures.Print($"promise harness, PostgreSQL mode: {runner.Counts()}");
            Assert.True(!runner.Failed, string.Join("\n\n", runner.Failures));

            await Delivery.ApisReadyAsync(cluster.ApiUris, TimeSpan.FromMinutes(2));
            await Delivery.AllDeliveredAsync(cs, TimeSpan.FromMinutes(3));
            Mark("every journaled event delivered");

            var journal = await FinalState.JournalAsync(cs, plan.Acknowledged);
            Mark("journal checked");
            Assert.True(journal.Count == 0, $"seed {plan.Seed}: the journal does not hold exactly the acknowledged events ({journal.Count} problems):\n"
                                            + string.Join("\n", journal.Take(20)));
            using var reader = new ClusterReader(cluster.ApiUris, cs);
            var differences = await FinalState.CustomersAsync(reader, plan.Acknowledged, plan.Ghosts.Concat(plan.ProbeGhosts));
            Assert.True(differences.Count == 0, $"seed {plan.Seed}: {differences.Count} customers differ from the pure library over the acknowledged events:\n"
                                                + string.Join("\n", differences.Take(20)));
            Mark("customers compared");
            Assert.Equal(0, await FinalState.DeadLettersAsync(cluster.Api(1)));
            Assert.True(runner.Count("503 answers") > 0, "no batch was answered 503 while the database was down");
            Assert.True(runner.Count("requests cut in flight") + runner.Count("requests refused (node down)") > 0, "the API node kill cut or refused nothing");
            _figures.Print($"promise harness, PostgreSQL mode: journal = the {plan.Acknowledged.Count:N0} acknowledged (producer, id) pairs; " +
                           $"timeline: {string.Join("; ", timeline)}; " +
                           $"{Oracle.Expected(plan.Acknowledged).Count} customers equal the pure library; {plan.Ghosts.Count + plan.ProbeGhosts.Count} " +
                           $"refused-only customers unseen; cluster up in {startup:F0} s, whole test {clock.Elapsed.TotalSeconds:F0} s");
        }
        catch
        {
            output.WriteLine(string.Join("\n", timeline));
            output.WriteLine(cluster.AllLogTails());
            throw;
        }
    }
}
