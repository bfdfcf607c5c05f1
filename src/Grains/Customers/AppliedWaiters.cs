using CrmActors.Abstractions.Journal;

namespace CrmActors.Grains.Customers;

/// <summary>Callers waiting until the customer has applied the journal up to a position (a staff command's answer).
/// Used only on the grain's own scheduler.</summary>
internal sealed class AppliedWaiters
{
    private readonly List<(JournalPosition Position, TaskCompletionSource<bool> Done)> _waiting = [];

    public bool Any => _waiting.Count > 0;

    public async Task<bool> WaitAsync(JournalPosition position, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting.Add((position, done));
        var finished = await Task.WhenAny(done.Task, Task.Delay(timeout));
        if (finished == done.Task) return true;
        _waiting.RemoveAll(w => w.Done == done);
        return false;
    }

    /// <summary>Releases everyone waiting for a position at or before <paramref name="applied"/>.</summary>
    public void Release(JournalPosition applied)
    {
        for (int i = _waiting.Count - 1; i >= 0; i--)
            if (_waiting[i].Position <= applied)
            {
                _waiting[i].Done.TrySetResult(true);
                _waiting.RemoveAt(i);
            }
    }
}
