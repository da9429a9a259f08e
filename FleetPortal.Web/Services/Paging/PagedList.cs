namespace FleetPortal.Web.Services.Paging;

/// <summary>One page of a longer list, with the size of the whole list.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int TotalCount)
{
    public int PageCount => TotalCount == 0 ? 1 : (TotalCount + PageSize - 1) / PageSize;
}
