namespace FleetPortal.Web.Services.Deployments;

/// <summary>One line of a rebuild's output.</summary>
public sealed record DeploymentLogEntry(int Sequence, DateTimeOffset At, string Text);
