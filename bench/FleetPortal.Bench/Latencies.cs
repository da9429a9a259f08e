namespace FleetPortal.Bench;

/// <summary>Percentiles of a set of latencies, in milliseconds.</summary>
public sealed record Latencies(int Count, double P50, double P99, double Max)
{
    public static Latencies Of(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            return new Latencies(0, double.NaN, double.NaN, double.NaN);
        }

        var sorted = milliseconds.Order().ToArray();
        return new Latencies(sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted[^1]);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public override string ToString() => $"p50 {P50:F1} ms, p99 {P99:F1} ms, max {Max:F1} ms (n = {Count})";
}
