using System.Text;
using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.Local;

/// <summary>The status as <c>fleetportal-agent status</c> prints it for people.</summary>
public static class StatusText
{
    /// <summary>What became of a request, in words: "rejected by Mia Miller: \"try krita\"".</summary>
    public static string Decision(DeskRequestStatus request)
    {
        var comment = string.IsNullOrWhiteSpace(request.Comment) ? "" : $": \"{request.Comment}\"";
        return request.Status switch
        {
            "Open" => "waiting for a decision",
            "Approved" => $"approved by {request.DecidedBy}{comment}",
            "Rejected" => $"rejected by {request.DecidedBy}{comment}",
            "Withdrawn" => "withdrawn",
            _ => request.Status.ToLowerInvariant() + comment,
        };
    }

    public static string Format(AgentStatus status)
    {
        var text = new StringBuilder();
        text.AppendLine($"Portal:      {status.ServerUrl} ({(status.Connected ? "connected" : "not connected" + (status.LastError is { } error ? ": " + error : ""))})");
        text.AppendLine($"Host:        {status.HostName ?? "not enrolled"}");
        text.AppendLine($"Generation:  {status.CurrentGeneration?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} (booted {status.BootedGeneration?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}){(status.RebootNeeded ? ", reboot needed" : "")}");
        if (status.NixosVersion is { } version)
        {
            text.AppendLine($"NixOS:       {version}");
        }

        if (status.RunningDeploymentId is { } running)
        {
            text.AppendLine($"Running:     deployment {running}");
        }

        if (status.PendingDeploymentId is { } pending)
        {
            var deferred = status.DeferredUntil is { } until ? $", deferred until {until.ToLocalTime():yyyy-MM-dd HH:mm}" : "";
            var deadline = status.Deadline is { } by ? $", installs by {by.ToLocalTime():yyyy-MM-dd HH:mm}" : "";
            text.AppendLine($"Pending:     {status.PendingSummary} (deployment {pending}{deferred}{deadline})");
        }
        else if (status.RunningDeploymentId is null && status.WaitingDeploymentId is null)
        {
            text.AppendLine("Pending:     nothing");
        }

        if (status.WaitingDeploymentId is { } waiting)
        {
            text.AppendLine($"Arrived:     {status.WaitingSummary} (deployment {waiting}, its turn at {status.WaitingTurnAt?.ToLocalTime():HH:mm:ss})");
        }

        foreach (var request in status.Requests ?? [])
        {
            text.AppendLine($"Request:     {request.Packages} ({request.AskedAt.ToLocalTime():yyyy-MM-dd HH:mm}): {Decision(request)}");
        }

        return text.ToString().TrimEnd();
    }
}
