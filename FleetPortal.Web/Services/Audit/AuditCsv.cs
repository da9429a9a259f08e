using System.Globalization;
using FleetPortal.Web.Data;

namespace FleetPortal.Web.Services.Audit;

/// <summary>Writes audit events as CSV (RFC 4180) that spreadsheets open safely.</summary>
public static class AuditCsv
{
    public const string Header = "time,actor,action,host,change_request,deployment,details";

    public static async Task WriteAsync(TextWriter writer, IAsyncEnumerable<AuditEvent> events, CancellationToken cancellationToken = default)
    {
        await writer.WriteAsync(Header + "\r\n");
        await foreach (var audit in events.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(Row(audit) + "\r\n");
        }
    }

    public static string Row(AuditEvent audit) => string.Join(',',
        Field(audit.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
        Field(audit.Actor),
        Field(audit.Action),
        Field(audit.HostName),
        Field(audit.ChangeRequestId?.ToString(CultureInfo.InvariantCulture)),
        Field(audit.DeploymentId?.ToString()),
        Field(audit.Details));

    /// <summary>
    /// Quotes a field that holds a separator, a quote or a line break. Text that a spreadsheet would
    /// run as a formula (a reason typed at a desk, say "=HYPERLINK(...)") gets a leading apostrophe.
    /// </summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? "\"" + value.Replace("\"", "\"\"") + "\""
            : value;
    }
}
