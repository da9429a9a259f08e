namespace FleetPortal.Bench.Portal;

/// <summary>Response times of one API call repeated, in milliseconds.</summary>
public sealed record ApiTimings(int Count, double P50, double P95, double Max)
{
    public static ApiTimings Of(IReadOnlyCollection<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return sorted.Length == 0 ? new ApiTimings(0, double.NaN, double.NaN, double.NaN) : new ApiTimings(sorted.Length, At(0.5), At(0.95), sorted[^1]);
    }
}
