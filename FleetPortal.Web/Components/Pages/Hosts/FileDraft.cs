namespace FleetPortal.Web.Components.Pages.Hosts;

/// <summary>The new text typed for one file, and the file as it was when the typing began.</summary>
public sealed record FileDraft(string Path, string Text, string Original, string? BaseHash);
