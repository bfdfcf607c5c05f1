using CrmActors.Abstractions.Rules;
using CrmActors.Scoring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmActors.Grains.Rules;

/// <summary>The rule book every customer of this process computes under, read from <see cref="IRuleSets"/> at start
/// and every <see cref="Period"/> after (and at once after an admin's write on this node). A book is rebuilt only when
/// the rows changed, so customers keep the same book object between changes.</summary>
/// <remarks>Determinism: a scheduled version must start on a rating day at least two bank days ahead
/// (docs/contract-extension-rule-sets.md), so every node has read it a whole day before it is in force; a version in
/// force can no longer be deleted. No customer computes before the first read (<see cref="GetAsync"/>).</remarks>
public sealed class RuleBookCache(IRuleSets store, StarModelOptions published, TimeProvider clock, ILogger<RuleBookCache> logger)
    : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _reading = new(1, 1);
    private RuleBook? _book;
    private string _signature = "";

    /// <summary>The book, once it has been read.</summary>
    public ValueTask<RuleBook> GetAsync() =>
        _book is { } book ? ValueTask.FromResult(book) : new ValueTask<RuleBook>(WaitLoaded());

    /// <summary>The book now, or the published model alone before the first read (for reads that must not wait).</summary>
    public RuleBook Current => _book ?? RuleBook.Of(published);

    private async Task<RuleBook> WaitLoaded()
    {
        await _loaded.Task;
        return _book!;
    }

    /// <summary>Reads the rows now (after a write on this node, so its own reads see it at once).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _reading.WaitAsync(cancellationToken);
        try
        {
            await store.EnsurePublishedAsync(published, clock.GetUtcNow(), cancellationToken);
            var rows = await store.ReadAsync(cancellationToken);
            // Figures never change once written: ids and dates say whether the book changed.
            string signature = string.Join('|', rows.Versions.Select(v => $"{v.Version}@{v.EffectiveFrom}"));
            if (_book is null || signature != _signature)
            {
                _book = new RuleBook(rows.Versions);
                _signature = signature;
                logger.LogInformation("Rule book: {Versions}", signature);
            }
            _loaded.TrySetResult();
        }
        finally
        {
            _reading.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not read the rule sets; keeping the book read before.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
