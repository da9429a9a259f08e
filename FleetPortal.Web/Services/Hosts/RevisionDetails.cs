namespace FleetPortal.Web.Services.Hosts;

/// <summary>One revision with its packages and every file of its rendered bundle, generated files included.</summary>
public sealed record RevisionDetails(
    string HostName,
    int Number,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string ContentHash,
    int? ChangeRequestId,
    string? Summary,
    IReadOnlyList<string> Packages,
    IReadOnlyList<ConfigurationFile> Files);
