namespace CrmActors.Persistence.Tests.Support;

public static class Wait
{
    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds; fails after <paramref name="timeout"/>
    /// (default 30 s) showing the last value.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what ?? "the condition"}; last value: {Show(value)}");
            await Task.Delay(200);
        }
    }

    private static string Show<T>(T value) => value switch
    {
        System.Collections.IEnumerable items and not string => "[" + string.Join(", ", items.Cast<object?>().Select(Show)) + "]",
        _ => value?.ToString() ?? "null",
    };
}
