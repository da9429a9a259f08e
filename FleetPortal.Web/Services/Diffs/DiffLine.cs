namespace FleetPortal.Web.Services.Diffs;

/// <summary>One line of a file diff, with its number on each side (null on the side it is missing from).</summary>
public sealed record DiffLine(DiffLineKind Kind, int? OldNumber, int? NewNumber, string Text);
