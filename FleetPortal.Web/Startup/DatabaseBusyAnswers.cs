using FleetPortal.Web.Data;

namespace FleetPortal.Web.Startup;

/// <summary>
/// A request whose write gave up waiting for a busy database (thousands of agents reporting at
/// once) is answered 503 with Retry-After, not 500: nothing was written, and the caller (an agent
/// enrolling, a script) may simply ask again.
/// </summary>
internal static class DatabaseBusyAnswers
{
    public const int RetryAfterSeconds = 5;

    public static IApplicationBuilder UseDatabaseBusyAnswers(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && BusyIn(exception) is { } busy)
        {
            context.Response.Clear();
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await TypedResults.Problem(busy.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The portal is busy.").ExecuteAsync(context);
        }
    });

    /// <summary>EF Core wraps what a write's interceptor throws (a DbUpdateException around it).</summary>
    private static DatabaseBusyException? BusyIn(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is DatabaseBusyException busy)
            {
                return busy;
            }
        }

        return null;
    }
}
