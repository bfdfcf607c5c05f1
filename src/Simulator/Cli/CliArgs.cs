using System.Globalization;

namespace CrmActors.Simulator.Cli;

/// <summary>A usage error: printed with the usage, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary><c>command --name value --flag …</c>: the command's options, each read once; an option nobody read is an
/// error (a typo must not silently fall back to a default).</summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public CliArgs(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith('-')) throw new UsageException("Name a command.");
        Command = args[0];
        for (int i = 1; i < args.Count; i++)
        {
            string a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length < 3) throw new UsageException($"Unexpected argument '{a}'.");
            string name = a[2..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            if (!_options.TryAdd(name, value)) throw new UsageException($"--{name} is given twice.");
        }
    }

    public string Command { get; }

    public bool Has(string name)
    {
        _read.Add(name);
        return _options.ContainsKey(name);
    }

    public bool Flag(string name)
    {
        if (!Has(name)) return false;
        var v = _options[name];
        return v is null || v is "true" or "1" or "yes" ? true
            : v is "false" or "0" or "no" ? false
            : throw new UsageException($"--{name} is a flag (true or false), not '{v}'.");
    }

    public string? String(string name)
    {
        if (!Has(name)) return null;
        return _options[name] ?? throw new UsageException($"--{name} needs a value.");
    }

    public string String(string name, string fallback) => String(name) ?? fallback;

    public int Int(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var s = String(name);
        if (s is null) return fallback;
        if (!int.TryParse(s.Replace("_", "").Replace(",", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            || v < min || v > max)
            throw new UsageException($"--{name} must be a whole number from {min:N0} to {max:N0}, not '{s}'.");
        return v;
    }

    public long Long(string name, long fallback)
    {
        var s = String(name);
        if (s is null) return fallback;
        return long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v)
            ? v
            : throw new UsageException($"--{name} must be a whole number, not '{s}'.");
    }

    public double Double(string name, double fallback, double min = double.MinValue)
    {
        var s = String(name);
        if (s is null) return fallback;
        if (!double.TryParse(s.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || v < min)
            throw new UsageException($"--{name} must be a number ≥ {min}, not '{s}'.");
        return v;
    }

    public DateTimeOffset? Time(string name)
    {
        var s = String(name);
        if (s is null) return null;
        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : throw new UsageException($"--{name} must be an ISO-8601 time, e.g. 2026-11-23T10:00:00+08:00, not '{s}'.");
    }

    /// <summary>Fails on any option the command did not ask about.</summary>
    public void EnsureAllRead()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new UsageException($"Unknown option{(unknown.Count > 1 ? "s" : "")} for '{Command}': {string.Join(", ", unknown.Select(u => "--" + u))}.");
    }
}
