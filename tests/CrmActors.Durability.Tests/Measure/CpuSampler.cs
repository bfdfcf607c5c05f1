using System.Globalization;

namespace CrmActors.Durability.Measure;

/// <summary>CPU time used by processes between two samples, from /proc/&lt;pid&gt;/stat (user + system ticks): where
/// the machine's two cores went during a run — silo, API, PostgreSQL (every 'postgres' process), this producer.</summary>
public sealed class CpuSampler
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    private readonly Func<IEnumerable<(string Group, int Pid)>> _processes;
    private Dictionary<int, (string Group, double Seconds)> _start = [];
    private DateTime _startedAt;

    public CpuSampler(Func<IEnumerable<(string Group, int Pid)>> processes) => _processes = processes;

    public void Start()
    {
        _start = Sample();
        _startedAt = DateTime.UtcNow;
    }

    /// <summary>Per group: cores used on average since <see cref="Start"/> (1.0 = one core busy all the time).</summary>
    public SortedDictionary<string, double> Stop()
    {
        var end = Sample();
        double wall = (DateTime.UtcNow - _startedAt).TotalSeconds;
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (pid, (group, seconds)) in end)
        {
            double before = _start.TryGetValue(pid, out var s) ? s.Seconds : 0;
            result[group] = result.GetValueOrDefault(group) + (seconds - before) / wall;
        }
        return result;
    }

    private Dictionary<int, (string, double)> Sample()
    {
        var sample = new Dictionary<int, (string, double)>();
        foreach (var (group, pid) in _processes().Concat(Postgres()).Append(("producer", Environment.ProcessId)))
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // After the command name: field 3 is index 0, so utime (14) and stime (15) are 11 and 12.
                double seconds = (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
                sample[pid] = (group, seconds);
            }
            catch (IOException) { }
        }
        return sample;
    }

    private static IEnumerable<(string, int)> Postgres()
    {
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string comm;
            try { comm = File.ReadAllText(Path.Combine(dir, "comm")).Trim(); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (comm is "postgres" or "postmaster") yield return ("postgresql", pid);
        }
    }
}
