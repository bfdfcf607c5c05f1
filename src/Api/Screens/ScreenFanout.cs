using CrmActors.Abstractions;
using CrmActors.Abstractions.Outlook;
using CrmActors.Abstractions.Rules;
using CrmActors.Abstractions.Screens;
using CrmActors.Api.Rules;
using CrmActors.Api.Outlook;
using CrmActors.Api.Customers;
using CrmActors.Api.Metrics;
using Microsoft.AspNetCore.SignalR;

namespace CrmActors.Api.Screens;

/// <summary>This API node's end of the push path. While at least one SignalR connection of this node watches a branch
/// desk or a portfolio, the node keeps one grain-observer subscription with that grain (renewed every
/// <see cref="ScreenSubscriptions.RenewEvery"/>; the grain forgets observers not renewed) and forwards what the grain
/// pushes to the SignalR group of that scope on this node. Every node does the same for its own connections, so an
/// alert decided once in the cluster reaches every screen, on any node, without a backplane.</summary>
public sealed class ScreenFanout : IDeskObserver, IPortfolioObserver, IRuleImpactObserver, IHostedService, IDisposable
{
    public const string VipAlert = "vipAlert";
    public const string AlertHandled = "alertHandled";
    public const string StarChanged = "starChanged";
    public const string PortfolioChanged = "portfolioChanged";
    public const string TierAtRisk = "tierAtRisk";
    public const string TierSafe = "tierSafe";
    public const string RetentionRisk = "retentionRisk";
    public const string RuleImpact = "ruleImpact";

    private readonly IGrainFactory _grains;
    private readonly IHubContext<FrontDeskHub> _hub;
    private readonly BankTime _bankTime;
    private readonly ILogger<ScreenFanout> _logger;
    private readonly Dictionary<ScreenScope, Watch> _watched = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private IDeskObserver? _deskReference;
    private IPortfolioObserver? _portfolioReference;
    private IRuleImpactObserver? _impactReference;
    private Task? _renewal;
    private int _disposed;

    public ScreenFanout(IGrainFactory grains, IHubContext<FrontDeskHub> hub, BankTime bankTime, ILogger<ScreenFanout> logger)
    {
        _grains = grains;
        _hub = hub;
        _bankTime = bankTime;
        _logger = logger;
    }

    /// <summary>The scopes this node watches now, with their connection counts (diagnostics and tests).</summary>
    public IReadOnlyDictionary<ScreenScope, int> Watched
    {
        get { lock (_lock) return _watched.ToDictionary(w => w.Key, w => w.Value.Connections); }
    }

    /// <summary>One more connection of this node watches <paramref name="scope"/>; completes once the grain has the
    /// node's observer, so nothing the grain pushes after this returns is missed.</summary>
    public Task WatchAsync(ScreenScope scope)
    {
        lock (_lock)
        {
            if (_watched.TryGetValue(scope, out var watch))
            {
                watch.Connections++;
                // A failed first subscription is retried by the next connection rather than remembered.
                if (watch.Subscribed.IsFaulted) watch.Subscribed = Subscribe(scope);
                return watch.Subscribed;
            }
            var task = Subscribe(scope);
            _watched[scope] = new Watch { Connections = 1, Subscribed = task };
            return task;
        }
    }

    /// <summary>A connection stopped watching <paramref name="scope"/>; the last one ends the node's subscription.</summary>
    public void Unwatch(ScreenScope scope)
    {
        lock (_lock)
        {
            if (!_watched.TryGetValue(scope, out var watch)) return;
            if (--watch.Connections > 0) return;
            _watched.Remove(scope);
        }
        _ = UnsubscribeQuietly(scope);
    }

    private Task Subscribe(ScreenScope scope) => scope.Kind switch
    {
        ScreenKind.Desk => _grains.GetGrain<IBranchDeskGrain>(scope.Id).Subscribe(DeskReference()),
        ScreenKind.Portfolio => _grains.GetGrain<IPortfolioGrain>(scope.Id).Subscribe(PortfolioReference()),
        _ => _grains.GetGrain<IRuleImpactGrain>(scope.Id).Subscribe(ImpactReference()),
    };

    private async Task UnsubscribeQuietly(ScreenScope scope)
    {
        try
        {
            await (scope.Kind switch
            {
                ScreenKind.Desk => _grains.GetGrain<IBranchDeskGrain>(scope.Id).Unsubscribe(DeskReference()),
                ScreenKind.Portfolio => _grains.GetGrain<IPortfolioGrain>(scope.Id).Unsubscribe(PortfolioReference()),
                _ => _grains.GetGrain<IRuleImpactGrain>(scope.Id).Unsubscribe(ImpactReference()),
            });
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Unsubscribing {Scope} failed; the subscription will expire.", scope);
        }
        // A connection may have watched the scope again meanwhile: make sure the grain still has the observer.
        bool again;
        lock (_lock) again = _watched.ContainsKey(scope);
        if (again)
        {
            try { await Subscribe(scope); }
            catch (Exception ex) { _logger.LogWarning(ex, "Re-subscribing {Scope} failed; renewal will retry.", scope); }
        }
    }

    // The grain runtime holds observer objects weakly: this service keeps them (itself) alive.
    private IDeskObserver DeskReference()
    {
        lock (_lock) return _deskReference ??= _grains.CreateObjectReference<IDeskObserver>(this);
    }

    private IPortfolioObserver PortfolioReference()
    {
        lock (_lock) return _portfolioReference ??= _grains.CreateObjectReference<IPortfolioObserver>(this);
    }

    private IRuleImpactObserver ImpactReference()
    {
        lock (_lock) return _impactReference ??= _grains.CreateObjectReference<IRuleImpactObserver>(this);
    }

    // ---- what the grains push ------------------------------------------------------------------------------------

    // The tags of the push latency, one object per message kind: recording allocates nothing.
    private static readonly KeyValuePair<string, object?> VipAlertTag = new("message", VipAlert);
    private static readonly KeyValuePair<string, object?> StarChangedTag = new("message", StarChanged);

    async Task IDeskObserver.AlertRaised(string epoch, DeskAlert alert)
    {
        await Send(ScreenScope.Desk(alert.BranchId), VipAlert, AlertView.From(epoch, alert, _bankTime));
        PushMetrics.Pushed(alert.DecidedAt, VipAlertTag);
    }

    Task IDeskObserver.AlertHandled(string epoch, DeskAlertHandled handled) =>
        Send(ScreenScope.Desk(handled.BranchId), AlertHandled, AlertHandledView.From(epoch, handled, _bankTime));

    async Task IPortfolioObserver.StarChanged(string epoch, PortfolioNotice notice)
    {
        await Send(ScreenScope.Portfolio(notice.ManagerId), StarChanged, StarChangedView.From(epoch, notice, _bankTime));
        PushMetrics.Pushed(notice.DecidedAt, StarChangedTag);
    }

    Task IPortfolioObserver.PortfolioChanged(string managerId) =>
        Send(ScreenScope.Portfolio(managerId), PortfolioChanged, new { managerId });

    Task IPortfolioObserver.TierAtRisk(AtRiskCustomer customer) =>
        Send(ScreenScope.Portfolio(customer.ManagerId), TierAtRisk, AtRiskCustomerView.From(customer, _bankTime));

    Task IPortfolioObserver.TierSafe(string managerId, string customerId) =>
        Send(ScreenScope.Portfolio(managerId), TierSafe, new { managerId, customerId });

    Task IRuleImpactObserver.ImpactChanged(RuleImpact impact) =>
        Send(ScreenScope.RuleImpact(impact.Version), RuleImpact, RuleImpactView.From(impact, _bankTime.From));

    Task IPortfolioObserver.RetentionRisk(RetentionSignal signal) =>
        Send(ScreenScope.Portfolio(signal.ManagerId), RetentionRisk, RetentionRiskView.From(signal, _bankTime));

    private async Task Send(ScreenScope scope, string method, object message)
    {
        // A child of the grain call that pushed (Orleans' activity propagation), when tracing is on.
        using var span = EngineTracing.Source.StartActivity(EngineTracing.ScreenPush, System.Diagnostics.ActivityKind.Producer);
        span?.SetTag("crm.screen.message", method);
        try { await _hub.Clients.Group(scope.Group).SendAsync(method, message); }
        catch (Exception ex)
        {
            // A screen that misses a message sees the gap in the numbers and fetches what it missed.
            _logger.LogWarning(ex, "Pushing {Method} to {Scope} failed.", method, scope);
        }
    }

    // ---- renewal -------------------------------------------------------------------------------------------------

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _renewal = RenewLoop(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) == 1) return;
        await _stopping.CancelAsync();
        if (_renewal is not null) await _renewal.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Renews every watched subscription now (the renewal loop's step; tests call it too).</summary>
    public async Task RenewAsync()
    {
        ScreenScope[] scopes;
        lock (_lock) scopes = [.. _watched.Keys];
        foreach (var scope in scopes)
        {
            try { await Subscribe(scope); }
            catch (Exception ex) { _logger.LogWarning(ex, "Renewing the screen subscription of {Scope} failed.", scope); }
        }
    }

    private async Task RenewLoop(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(ScreenSubscriptions.RenewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping)) await RenewAsync();
        }
        catch (OperationCanceledException) { }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return; // the host may dispose twice
        _stopping.Cancel();
        _stopping.Dispose();
        lock (_lock)
        {
            try
            {
                if (_deskReference is not null) _grains.DeleteObjectReference<IDeskObserver>(_deskReference);
                if (_portfolioReference is not null) _grains.DeleteObjectReference<IPortfolioObserver>(_portfolioReference);
                if (_impactReference is not null) _grains.DeleteObjectReference<IRuleImpactObserver>(_impactReference);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException)
            {
                // The silo stopped first; its references went with it.
            }
        }
    }

    private sealed class Watch
    {
        public int Connections;
        public required Task Subscribed;
    }
}
