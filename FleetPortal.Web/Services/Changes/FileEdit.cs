namespace FleetPortal.Web.Services.Changes;

/// <summary>
/// Write (or, with a null <paramref name="NewContent"/>, delete) one of the host's own files.
/// <paramref name="BaseContentHash"/> is the hash of the file as the editor saw it
/// (<see cref="Hosts.ConfigurationFile.ContentHash"/>); when given, the edit is refused if the file
/// has changed since. Without it the file's text at proposal time is the base.
/// </summary>
public sealed record FileEdit(string Path, string? NewContent, string? BaseContentHash = null);
