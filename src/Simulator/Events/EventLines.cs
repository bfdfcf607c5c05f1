using System.Buffers;
using CrmActors.Simulator.Generation;

namespace CrmActors.Simulator.Events;

/// <summary>Events as lines of contract JSON (UTF-8, no newline), in the order they are written and sent.</summary>
public static class EventLines
{
    /// <summary>A generated bank in its send order: first the history, customer after customer (each in time order:
    /// the bulk load of back-dated history a bank does when it connects), then the live tail of every customer
    /// merged in time order (the live stream). Generated and serialized in parallel blocks.</summary>
    public static IEnumerable<byte[]> FromGenerator(BankGenerator generator)
    {
        const int block = 512;
        int customers = generator.Options.Customers;
        var tail = new List<(long Ticks, int Customer, int Order, byte[] Line)>();
        var history = new byte[block][][];
        var tails = new (long, int, int, byte[])[block][];
        for (int first = 0; first < customers; first += block)
        {
            int count = Math.Min(block, customers - first);
            int start = first;
            Parallel.For(0, count, i =>
            {
                var c = generator.Generate(start + i);
                history[i] = c.History.Select(EventJson.ToUtf8).ToArray();
                tails[i] = c.Tail.Select((e, k) => (e.OccurredAt.UtcTicks, c.Index, k, EventJson.ToUtf8(e))).ToArray();
            });
            for (int i = 0; i < count; i++)
            {
                foreach (var line in history[i]) yield return line;
                tail.AddRange(tails[i]);
            }
        }
        tail.Sort(static (a, b) =>
            a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : a.Customer != b.Customer ? a.Customer.CompareTo(b.Customer) : a.Order.CompareTo(b.Order));
        foreach (var t in tail) yield return t.Line;
    }

    /// <summary>The non-blank lines of an NDJSON file, streamed.</summary>
    public static IEnumerable<byte[]> FromFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        var pending = new ArrayBufferWriter<byte>(4096);
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            int from = 0;
            for (int i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n') continue;
                var line = Line(pending, buffer.AsSpan(from, i - from));
                if (line is not null) yield return line;
                from = i + 1;
            }
            pending.Write(buffer.AsSpan(from, read - from));
        }
        var last = Line(pending, default);
        if (last is not null) yield return last;
    }

    private static byte[]? Line(ArrayBufferWriter<byte> pending, ReadOnlySpan<byte> rest)
    {
        byte[] line;
        if (pending.WrittenCount > 0)
        {
            pending.Write(rest);
            line = pending.WrittenSpan.ToArray();
            pending.ResetWrittenCount();
        }
        else
        {
            line = rest.ToArray();
        }
        int end = line.Length;
        while (end > 0 && line[end - 1] is (byte)'\r' or (byte)' ' or (byte)'\t') end--;
        int begin = 0;
        while (begin < end && line[begin] is (byte)' ' or (byte)'\t') begin++;
        if (begin == end) return null;
        return begin == 0 && end == line.Length ? line : line[begin..end];
    }

    /// <summary>Duplicate-send mode: every line <paramref name="copies"/> times, optionally shuffled (seeded), so the
    /// engine sees each event again at some random later point, possibly in a concurrent batch.</summary>
    public static List<byte[]> Arrange(IEnumerable<byte[]> lines, int copies, bool shuffle, long seed)
    {
        var list = lines.ToList();
        int n = list.Count;
        for (int c = 1; c < copies; c++)
            for (int i = 0; i < n; i++) list.Add(list[i]);
        if (shuffle) SimRandom.For(seed, -1, purpose: 0x5348554646UL).Shuffle(list);
        return list;
    }

    /// <summary>Writes lines as NDJSON; returns the number of lines.</summary>
    public static long Write(IEnumerable<byte[]> lines, Stream output)
    {
        long n = 0;
        using var buffered = new BufferedStream(output, 1 << 20);
        foreach (var line in lines)
        {
            buffered.Write(line);
            buffered.WriteByte((byte)'\n');
            n++;
        }
        return n;
    }

    /// <summary>Parses every line and groups the events by customer, keeping the customers' first-seen order.</summary>
    public static List<(string CustomerId, List<SimEvent> Events)> GroupByCustomer(IEnumerable<byte[]> lines)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = new List<(string, List<SimEvent>)>();
        long n = 0;
        foreach (var line in lines)
        {
            n++;
            SimEvent e;
            try { e = EventJson.Parse(line); }
            catch (FormatException ex) { throw new FormatException($"line {n}: {ex.Message}", ex); }
            if (!index.TryGetValue(e.CustomerId, out int i))
            {
                i = groups.Count;
                index.Add(e.CustomerId, i);
                groups.Add((e.CustomerId, []));
            }
            groups[i].Item2.Add(e);
        }
        return groups;
    }
}
