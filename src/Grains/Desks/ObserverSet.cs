namespace CrmActors.Grains.Desks;

/// <summary>The API nodes' observers of one desk or portfolio, each kept until it is not renewed for
/// <see cref="Abstractions.Screens.ScreenSubscriptions.Lifetime"/> (a node that died simply stops renewing).
/// Expiry runs on the monotonic clock, not the business clock, which tests move.</summary>
internal sealed class ObserverSet<T> where T : class, IGrainObserver
{
    private readonly Dictionary<T, long> _expires = [];
    private readonly long _lifetimeMs;

    public ObserverSet(TimeSpan lifetime) => _lifetimeMs = (long)lifetime.TotalMilliseconds;

    public int Count => _expires.Count;

    public void Renew(T observer) => _expires[observer] = Environment.TickCount64 + _lifetimeMs;

    public void Remove(T observer) => _expires.Remove(observer);

    /// <summary>Calls <paramref name="send"/> on each live observer. Observer methods are one-way, so this never
    /// waits for a node; a call that throws at once (a reference gone bad) drops that observer.</summary>
    public void Notify(Action<T> send, Action<Exception>? failed = null)
    {
        long now = Environment.TickCount64;
        List<T>? drop = null;
        foreach (var (observer, expires) in _expires)
        {
            if (expires < now) { (drop ??= []).Add(observer); continue; }
            try { send(observer); }
            catch (Exception ex)
            {
                failed?.Invoke(ex);
                (drop ??= []).Add(observer);
            }
        }
        if (drop is not null) foreach (var o in drop) _expires.Remove(o);
    }
}
