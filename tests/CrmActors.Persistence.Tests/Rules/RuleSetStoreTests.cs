using CrmActors.Abstractions.Rules;
using CrmActors.Persistence.Journal;
using CrmActors.Persistence.Rules;
using CrmActors.Persistence.Tests.Support;
using CrmActors.Scoring;

namespace CrmActors.Persistence.Tests.Rules;

/// <summary>Issue 12: the rule set store keeps the same rules on PostgreSQL (schema 006, in a fresh schema per test)
/// and in memory — the published model first, one version pending, an id used once (also after a delete), a version
/// in force not deletable, every write audited — and the PostgreSQL one keeps it all across a new instance.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RuleSetStoreTests(PostgresFixture db)
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateOnly Today = new(2026, 12, 2);

    private static StarModelOptions Proposal => StarModelOptions.Default with
    {
        Rates = IndicatorRates.Published.With("cardSpending", 500m),
        Thresholds = StarThresholds.Published with { Seven = 100_000m },
        WindowDays = 365,
        FeeCaps = new Dictionary<string, decimal> { ["FUND-SUB"] = 50_000m },
        ProductFloors = new Dictionary<ProductType, Star> { [ProductType.GoldCreditCard] = Star.Four },
    };

    public static TheoryData<bool> Stores() => new(true, false);

    private async Task<(IRuleSets Store, Func<IRuleSets> Reopen)> Open(bool postgres)
    {
        if (!postgres)
        {
            var memory = new InMemoryRuleSets();
            return (memory, () => memory);
        }
        var connection = await db.NewSchemaAsync();
        await SchemaMigrator.ApplyAsync(connection);
        IRuleSets New() => new PostgresRuleSets(PostgresJournal.CreateDataSource(connection), StarModelOptions.Default);
        return (New(), New);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Versions_are_proposed_scheduled_and_deleted_by_the_rules_and_audited(bool postgres)
    {
        var (store, reopen) = await Open(postgres);
        await store.EnsurePublishedAsync(StarModelOptions.Default, At, default);
        await store.EnsurePublishedAsync(StarModelOptions.Default, At, default);   // a second node starting

        Assert.Equal(RuleSetWrite.Done, await store.ProposeAsync(new RuleSet { Version = "2027-01", Options = Proposal }, Today, "admin", At, default));
        Assert.Equal(RuleSetWrite.VersionUsed, await store.ProposeAsync(new RuleSet { Version = "2027-01", Options = Proposal }, Today, "admin", At, default));
        Assert.Equal(RuleSetWrite.AnotherPending, await store.ProposeAsync(new RuleSet { Version = "2027-02", Options = Proposal }, Today, "admin", At, default));
        Assert.Equal(RuleSetWrite.Done, await store.ScheduleAsync("2027-01", new DateOnly(2027, 1, 1), "admin2", At.AddMinutes(1), default));
        Assert.Equal(RuleSetWrite.WrongState, await store.ScheduleAsync("2027-01", new DateOnly(2027, 2, 1), "admin2", At, default));
        Assert.Equal(RuleSetWrite.NotFound, await store.ScheduleAsync("nope", new DateOnly(2027, 2, 1), "admin2", At, default));
        Assert.Equal(RuleSetWrite.WrongState, await store.DeleteAsync(RuleSet.PublishedVersion, Today, "admin", At, default));

        var rows = await reopen().ReadAsync(default);
        Assert.Equal([RuleSet.PublishedVersion, "2027-01"], rows.Versions.Select(v => v.Version));
        var stored = rows.Versions[1];
        Assert.Equal(new DateOnly(2027, 1, 1), stored.EffectiveFrom);
        Assert.Equal(500m, stored.Options.Rates.CardSpending);
        Assert.Equal(100_000m, stored.Options.Thresholds.Seven);
        Assert.Equal(365, stored.Options.WindowDays);
        Assert.Equal(50_000m, stored.Options.FeeCaps["FUND-SUB"]);
        Assert.Equal(Star.Four, stored.Options.FloorOf(ProductType.GoldCreditCard));
        Assert.Equal(Star.Unrated, stored.Options.FloorOf(ProductType.PrivateBanking));
        Assert.Equal(RuleSetCodec.Encode(StarModelOptions.Default), RuleSetCodec.Encode(rows.Versions[0].Options));
        Assert.Equal([("proposed", "system"), ("scheduled", "system"), ("proposed", "admin"), ("scheduled", "admin2")],
            rows.Audit.Select(a => (a.Action, a.By)));
        Assert.Equal(new DateOnly(2027, 1, 1), rows.Audit[3].EffectiveFrom);

        // On its day it is in force and can no longer be deleted; before it, it can — and its id stays used.
        Assert.Equal(RuleSetWrite.WrongState, await store.DeleteAsync("2027-01", new DateOnly(2027, 1, 1), "admin", At, default));
        Assert.Equal(RuleSetWrite.Done, await store.DeleteAsync("2027-01", Today, "admin", At.AddMinutes(2), default));
        var after = await reopen().ReadAsync(default);
        Assert.Equal([RuleSet.PublishedVersion], after.Versions.Select(v => v.Version));
        Assert.Equal("deleted", after.Audit[^1].Action);
        Assert.Equal(RuleSetWrite.VersionUsed, await store.ProposeAsync(new RuleSet { Version = "2027-01", Options = Proposal }, Today, "admin", At, default));
        Assert.Equal(RuleSetWrite.Done, await store.ProposeAsync(new RuleSet { Version = "2027-02", Options = Proposal }, Today, "admin", At, default));
    }
}
