using FleetPortal.Web.Services.Failures;

namespace FleetPortal.Web.Services.Paging;

/// <summary>A checked page number and size: pages from 1, at most <see cref="MaxPageSize"/> rows.</summary>
public sealed record PageRequest(int Page, int PageSize)
{
    public const int MaxPageSize = 200;

    public int Skip => (Page - 1) * PageSize;

    public static PageRequest Checked(int page, int pageSize)
    {
        if (page < 1)
        {
            throw new InvalidInputFailure("page", "The page number starts at 1.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new InvalidInputFailure("pageSize", $"The page size is between 1 and {MaxPageSize}.");
        }

        return new PageRequest(page, pageSize);
    }
}
