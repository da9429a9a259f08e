namespace FleetPortal.Core.Protocol;

/// <summary>Says what a new package list changes, in the words the desktop prompt shows.</summary>
public static class PackageChangeSummary
{
    public static string Describe(IEnumerable<string> before, IEnumerable<string> after)
    {
        var old = before.ToHashSet(StringComparer.Ordinal);
        var now = after.ToHashSet(StringComparer.Ordinal);
        var added = now.Except(old).Order(StringComparer.Ordinal).ToList();
        var removed = old.Except(now).Order(StringComparer.Ordinal).ToList();
        var parts = new List<string>();
        if (added.Count > 0)
        {
            parts.Add(string.Join(", ", added) + " added");
        }

        if (removed.Count > 0)
        {
            parts.Add(string.Join(", ", removed) + " removed");
        }

        return parts.Count == 0 ? "configuration updated" : string.Join("; ", parts);
    }
}
