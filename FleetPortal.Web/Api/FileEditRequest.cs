namespace FleetPortal.Web.Api;

/// <summary>
/// Write <c>content</c> to <c>path</c>, or delete it with <c>delete: true</c>. Give
/// <c>baseContentHash</c> (from the revision's files) to refuse the edit if the file changed since you read it.
/// </summary>
public sealed record FileEditRequest(string Path, string? Content = null, string? BaseContentHash = null, bool Delete = false);
