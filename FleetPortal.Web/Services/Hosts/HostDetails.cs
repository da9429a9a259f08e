namespace FleetPortal.Web.Services.Hosts;

/// <summary>
/// One host: its state, and the packages and files of its current revision.
/// <see cref="ConfigurationVersion"/> changes with every write to the host's configuration.
/// </summary>
public sealed record HostDetails(
    int Id,
    string Name,
    int? FamilyId,
    string? FamilyName,
    DateTimeOffset CreatedAt,
    int CurrentRevisionNumber,
    int ConfigurationVersion,
    HostStatus Status,
    IReadOnlyList<string> Packages,
    IReadOnlyList<ConfigurationFile> Files,
    string? ContentHash,
    int OpenChangeCount);
