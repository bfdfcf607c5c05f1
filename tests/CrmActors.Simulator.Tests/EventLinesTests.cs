using System.Text;
using CrmActors.Simulator.Events;

namespace CrmActors.Simulator.Tests;

public sealed class EventLinesTests
{
    [Fact]
    public void A_file_is_read_line_by_line_whatever_its_line_ends_and_blank_lines()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "{\"a\":1}\r\n\n  \n{\"b\":\"张\"}\n{\"c\":3}", new UTF8Encoding(false));
            var lines = EventLines.FromFile(path).Select(l => Encoding.UTF8.GetString(l)).ToList();
            Assert.Equal(new[] { "{\"a\":1}", "{\"b\":\"张\"}", "{\"c\":3}" }, lines);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Twice_and_shuffled_sends_every_line_exactly_twice_in_a_reproducible_order()
    {
        var lines = Enumerable.Range(0, 500).Select(i => Encoding.UTF8.GetBytes($"{{\"n\":{i}}}")).ToList();
        var a = EventLines.Arrange(lines, copies: 2, shuffle: true, seed: 5).Select(Encoding.UTF8.GetString).ToList();
        var b = EventLines.Arrange(lines, copies: 2, shuffle: true, seed: 5).Select(Encoding.UTF8.GetString).ToList();
        Assert.Equal(a, b);
        Assert.Equal(1_000, a.Count);
        Assert.All(a.GroupBy(x => x), g => Assert.Equal(2, g.Count()));
        Assert.NotEqual(lines.Concat(lines).Select(Encoding.UTF8.GetString), a);
    }
}
