using System.Globalization;

namespace CrmActors.Benchmarks;

/// <summary>CPU time a process and its descendants have used, read from /proc: the engine's (<c>dotnet run</c> and
/// the engine it starts) and PostgreSQL's (the postmaster and its backends).</summary>
internal static class ProcessTreeCpu
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>User + system CPU seconds of <paramref name="root"/>'s process tree so far; 0 where /proc is not there.</summary>
    public static double Seconds(int root)
    {
        if (!Directory.Exists("/proc")) return 0;
        var parents = new Dictionary<int, (int Parent, long Ticks)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                if (ReadStat(pid) is { } stat) parents[pid] = stat;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        long ticks = 0;
        var queue = new Queue<int>([root]);
        var seen = new HashSet<int>();
        while (queue.Count > 0)
        {
            int pid = queue.Dequeue();
            if (!seen.Add(pid)) continue;
            if (parents.TryGetValue(pid, out var own)) ticks += own.Ticks;
            foreach (var (child, stat) in parents)
                if (stat.Parent == pid) queue.Enqueue(child);
        }
        return ticks / ClockTicksPerSecond;
    }

    /// <summary>ppid and utime + stime of /proc/&lt;pid&gt;/stat (fields 4, 14 and 15; the name in parentheses may hold spaces).</summary>
    private static (int Parent, long Ticks)? ReadStat(int pid)
    {
        string text = File.ReadAllText($"/proc/{pid}/stat");
        int close = text.LastIndexOf(')');
        if (close < 0) return null;
        var fields = text[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state): ppid is fields[1], utime fields[11], stime fields[12].
        if (fields.Length < 13) return null;
        return (int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
    }
}
