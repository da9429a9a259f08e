using System.Text;

namespace FleetPortal.Agent.Local;

/// <summary>The status as <c>fleetportal-agent status</c> prints it for people.</summary>
public static class StatusText
{
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
            var deferred = status.DeferredUntil is { } until ? $", deferred until {until.ToLocalTime():g}" : "";
            var deadline = status.Deadline is { } by ? $", installs by {by.ToLocalTime():g}" : "";
            text.AppendLine($"Pending:     {status.PendingSummary} (deployment {pending}{deferred}{deadline})");
        }
        else if (status.RunningDeploymentId is null)
        {
            text.AppendLine("Pending:     nothing");
        }

        return text.ToString().TrimEnd();
    }
}
