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
        double[] offered = [.. points.Select(p => p.OfferedEventsPerSecond ?? p.EventsPerSecond)];
        double[] achieved = [.. points.Select(p => p.EventsPerSecond)];
        double[] p50 = [.. points.Select(p => p.AckP50Ms)];
        double[] p99 = [.. points.Select(p => p.AckP99Ms)];

        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var throughput = multiplot.GetPlot(0);
        var latency = multiplot.GetPlot(1);

        throughput.Title(title);
        var ideal = throughput.Add.Scatter(new[] { 0, offered.Max() }, new[] { 0, offered.Max() });
        ideal.LegendText = "offered = achieved";
        ideal.LinePattern = LinePattern.Dashed;
        ideal.MarkerSize = 0;
        var got = throughput.Add.Scatter(offered, achieved);
        got.LegendText = "achieved events/s";
        throughput.YLabel("events/s");
        throughput.XLabel("offered events/s (last point: unpaced)");
        throughput.ShowLegend(Alignment.UpperLeft);

        var a = latency.Add.Scatter(offered, p50);
        a.LegendText = "ack p50 (ms)";
        var b = latency.Add.Scatter(offered, p99);
        b.LegendText = "ack p99 (ms)";
        latency.YLabel("ack latency per batch, ms");
        latency.XLabel("offered events/s (last point: unpaced)");
        latency.ShowLegend(Alignment.UpperLeft);

        multiplot.SavePng(path, 900, 900);
    }
}
