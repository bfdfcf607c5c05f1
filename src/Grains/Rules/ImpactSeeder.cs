using System.Collections.Immutable;
using CrmActors.Abstractions.Rules;
using CrmActors.Scoring;
using Microsoft.Extensions.Logging;

namespace CrmActors.Grains.Rules;

/// <summary>Counts every customer in a pending version's impact, not only those touched since it was proposed: each
/// customer from <see cref="IImpactSeedSource"/> is computed under the rule book as its grain would compute it
/// (<see cref="ImpactReports"/>) and reported a page at a time. Runs beside the silo's work, not in a grain turn.</summary>
public sealed class ImpactSeeder(IImpactSeedSource source, RuleBookCache rules, TimeProvider clock, ILogger<ImpactSeeder> logger)
{
    public async Task RunAsync(string version, int seed, IRuleImpactGrain impact, CancellationToken cancellationToken)
    {
        long customers = 0;
        try
        {
            await foreach (var page in source.ReadAsync(cancellationToken))
            {
                var book = await rules.GetAsync();
                if (book.PendingOn(book.DayOf(clock.GetUtcNow()))?.Version != version)
                {
                    await impact.SeedEnded(seed, "the version is no longer pending");
                    return;
                }
                var reports = ImmutableArray.CreateBuilder<ImpactReport>(page.Count);
                foreach (var customer in page)
                    if (Compute(customer, book) is { } report && report.Version == version) reports.Add(report.Report);
                customers += reports.Count;
                await impact.ReportSeed(seed, reports.DrainToImmutable());
            }
            await impact.SeedEnded(seed, null);
            logger.LogInformation("Impact of rule set {Version}: seed {Seed} counted {Customers} customers.", version, seed, customers);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Impact seed {Seed} of rule set {Version} stopped after {Customers} customers.", seed, version, customers);
            try
            {
                await impact.SeedEnded(seed, $"{ex.GetType().Name}: {ex.Message}");
            }
            catch (Exception reportFailure)
            {
                logger.LogWarning(reportFailure, "Could not tell the impact of {Version} that its seed stopped; it tries again on its own.", version);
            }
        }
    }

    /// <summary>The customer as its grain holds it: the snapshot, then the journal after it (a change the ledger refuses
    /// was set aside by the customer too, and is left out here alike).</summary>
    private (string Version, ImpactReport Report)? Compute(SeedCustomer customer, RuleBook book)
    {
        var ledger = new VersionedLedger(book, clock, customer.Ledger);
        var applied = customer.Applied;
        foreach (var change in customer.After)
        {
            try
            {
                ledger.Apply([change.Change.ToDomain()]);
            }
            catch (Exception)
            {
                // A dead letter: the customer set it aside.
            }
            if (change.Position > applied) applied = change.Position;
        }
        return ImpactReports.Of(customer.CustomerId, ledger, applied, clock.GetUtcNow());
    }
}
