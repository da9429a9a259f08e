using FleetPortal.Web.Data;

namespace FleetPortal.Web.Services.Deployments;

internal static class DeploymentProjections
{
    public static DeploymentSummary Summary(Deployment d, string hostName) =>
        new(d.Id, d.HostId, hostName, d.Action, d.RevisionNumber, d.RollbackGeneration, d.Status, d.ChangeRequestId, d.RequestedBy,
            d.CreatedAt, d.Deadline, d.DeferralCount, d.StartedAt, d.FinishedAt, d.ResultGeneration, d.ExitCode, d.Error);
}
