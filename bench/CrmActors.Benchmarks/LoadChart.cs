using ScottPlot;

namespace CrmActors.Benchmarks;

/// <summary>The load curve as a PNG: achieved events/s against offered (top) and ack latency p50/p99 against
/// offered (bottom). The unpaced point sits at its achieved rate.</summary>
internal static class LoadChart
{
    public static void Draw(IReadOnlyList<ApiResult> points, string path, string title)
    {
        if (points.Count == 0) return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var paced = points.Where(p => p.OfferedEventsPerSecond is not null).ToList();
        var unpaced = points.Where(p => p.OfferedEventsPerSecond is null).ToList();
        double[] offered = [.. paced.Select(p => p.OfferedEventsPerSecond!.Value)];
        double[] unpacedX = [.. unpaced.Select(p => p.EventsPerSecond)]; // no offered rate: drawn at its achieved rate
        double top = Math.Max(offered.DefaultIfEmpty(0).Max(), unpacedX.DefaultIfEmpty(0).Max());

        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var throughput = multiplot.GetPlot(0);
        var latency = multiplot.GetPlot(1);

        throughput.Title(title);
        var ideal = throughput.Add.Scatter(new[] { 0, top }, new[] { 0, top });
        ideal.LegendText = "achieved = offered";
        ideal.LinePattern = LinePattern.Dashed;
        ideal.MarkerSize = 0;
        ideal.Color = Colors.Gray;
        Series(throughput, offered, [.. paced.Select(p => p.EventsPerSecond)], unpacedX, [.. unpaced.Select(p => p.EventsPerSecond)],
            "achieved events/s", Colors.Blue);
        throughput.YLabel("achieved events/s");
        throughput.XLabel("offered events/s (square: unpaced)");
        throughput.ShowLegend(Alignment.UpperLeft);

        Series(latency, offered, [.. paced.Select(p => p.AckP50Ms)], unpacedX, [.. unpaced.Select(p => p.AckP50Ms)], "ack p50", Colors.Green);
        Series(latency, offered, [.. paced.Select(p => p.AckP99Ms)], unpacedX, [.. unpaced.Select(p => p.AckP99Ms)], "ack p99", Colors.Red);
        latency.YLabel("ack latency per batch, ms");
        latency.XLabel("offered events/s (square: unpaced)");
        latency.ShowLegend(Alignment.UpperLeft);

        multiplot.SavePng(path, 900, 900);
    }

    /// <summary>The paced points as a line, the unpaced point as a lone square of the same colour.</summary>
    private static void Series(Plot plot, double[] x, double[] y, double[] unpacedX, double[] unpacedY, string label, Color color)
    {
        if (x.Length > 0)
        {
            var line = plot.Add.Scatter(x, y);
            line.LegendText = label;
            line.Color = color;
            line.MarkerSize = 7;
        }
        if (unpacedX.Length > 0)
        {
            var lone = plot.Add.ScatterPoints(unpacedX, unpacedY);
            lone.Color = color;
            lone.MarkerShape = MarkerShape.FilledSquare;
            lone.MarkerSize = 10;
        }
    }
}
