using System.Globalization;
using System.Text;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Startup;

namespace FleetPortal.Web.Services.Audit;

/// <summary><c>GET /audit/export.csv</c>: the audit log with the page's filter, as a download for support staff.</summary>
public static class AuditExportEndpoint
{
    public const string Path = "/audit/export.csv";

    public static IEndpointConventionBuilder MapAuditExport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, ExportAsync).RequireAuthorization(PortalPolicies.Support);

    /// <summary>The download address for a filter, as the audit page links to it.</summary>
    public static string UrlFor(AuditFilter filter)
    {
        var query = new List<string>();
        Add("host", filter.Host);
        Add("person", filter.Person);
        Add("from", filter.From?.ToString("O", CultureInfo.InvariantCulture));
        Add("to", filter.To?.ToString("O", CultureInfo.InvariantCulture));
        return query.Count == 0 ? Path.TrimStart('/') : Path.TrimStart('/') + "?" + string.Join('&', query);

        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                query.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }
    }

    private static async Task<IResult> ExportAsync(HttpContext context, AuditSearch audit, ActorResolver actors, string? host, string? person, string? from, string? to)
    {
        if (!TryParseTime(from, out var fromTime) || !TryParseTime(to, out var toTime))
        {
            return Results.Problem(
                title: "The time filter is not a date",
                detail: "from and to must be ISO 8601 times, such as 2026-11-25T09:00:00Z.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var actor = await actors.RequireAsync(context.User, context.RequestAborted);
        var filter = new AuditFilter(host, person, fromTime, toTime);
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"fleetportal-audit.csv\"";
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        await AuditCsv.WriteAsync(writer, audit.StreamAsync(actor, filter, context.RequestAborted), context.RequestAborted);
        return Results.Empty;
    }

    private static bool TryParseTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        return false;
    }
}
