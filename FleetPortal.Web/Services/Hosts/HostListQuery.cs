namespace FleetPortal.Web.Services.Hosts;

/// <summary>
/// One page of the fleet list. <see cref="Search"/> matches part of a hostname, a family's name, or a
/// package of the host's current revision.
/// </summary>
public sealed record HostListQuery(
    int Page = 1,
    int PageSize = 25,
    string? Search = null,
    int? FamilyId = null,
    bool? Online = null,
    HostCondition? Condition = null,
    HostSort Sort = HostSort.Name,
    bool Descending = false);
