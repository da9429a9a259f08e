using FleetPortal.Web.Data;
using Microsoft.Data.Sqlite;

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
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseBusyAnswers))
                .LogWarning("Answered {Method} {Path} with 503: {Reason}", context.Request.Method, context.Request.Path, busy);
            context.Response.Clear();
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await TypedResults.Problem(busy, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The portal is busy; try again shortly.").ExecuteAsync(context);
        }
    });

    /// <summary>
    /// Why the database was busy, if that is what went wrong: this process's write queue gave up
    /// (EF Core wraps it in a DbUpdateException), or SQLite's own lock was held past the timeout by
    /// another process (a backup, a second portal on one file).
    /// </summary>
    private static string? BusyIn(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            switch (exception)
            {
                case DatabaseBusyException busy:
                    return busy.Message;
                case SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked }:
                    return "The database was locked by another writer past its timeout; nothing was written. Try again in a few seconds.";
            }
        }

        return null;
    }

    private const int SqliteBusy = 5;

    private const int SqliteLocked = 6;
}
