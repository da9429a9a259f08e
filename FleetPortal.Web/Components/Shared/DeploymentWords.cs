using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Deployments;

namespace FleetPortal.Web.Components.Shared;

/// <summary>A deployment said in a few words, the same on every page.</summary>
public static class DeploymentWords
{
    public static string What(DeploymentSummary deployment) => deployment.Action switch
    {
        DeploymentAction.Rollback => $"roll back to generation {deployment.RollbackGeneration}",
        DeploymentAction.Boot => $"revision {deployment.RevisionNumber} at next boot",
        _ => $"switch to revision {deployment.RevisionNumber}",
    };
}
