namespace FleetPortal.Core.Protocol;

/// <summary>Says what a new package list changes, in the words the desktop prompt shows.</summary>
public static class PackageChangeSummary
{
    public static string Describe(IEnumerable<string> before, IEnumerable<string> after)
    {
        // Both lists sorted, then one walk through the two: a rollout describes thousands of hosts'
        // changes while it sends them, and sets and ordered queries cost several times as much.
        var old = SortedOnce(before);
        var now = SortedOnce(after);
        List<string>? added = null;
        List<string>? removed = null;
        int i = 0, j = 0;
        while (i < old.Length || j < now.Length)
        {
            var order = i == old.Length ? 1 : j == now.Length ? -1 : string.CompareOrdinal(old[i], now[j]);
            if (order < 0)
            {
                (removed ??= []).Add(old[i++]);
            }
            else if (order > 0)
            {
                (added ??= []).Add(now[j++]);
            }
            else
            {
                i++;
                j++;
            }
        }

        return (added, removed) switch
        {
            (null, null) => "configuration updated",
            (_, null) => string.Join(", ", added) + " added",
            (null, _) => string.Join(", ", removed) + " removed",
            _ => string.Join(", ", added) + " added; " + string.Join(", ", removed) + " removed",
        };
    }

    /// <summary>The names in ordinal order, each once.</summary>
    private static ReadOnlySpan<string> SortedOnce(IEnumerable<string> names)
    {
        var sorted = names.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        var count = 0;
        foreach (var name in sorted)
        {
            if (count == 0 || !string.Equals(sorted[count - 1], name, StringComparison.Ordinal))
            {
                sorted[count++] = name;
            }
        }

        return sorted.AsSpan(0, count);
    }
}
