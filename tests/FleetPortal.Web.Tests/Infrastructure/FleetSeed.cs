using FleetPortal.Core.Deferrals;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Changes;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Enrolment;
using FleetPortal.Web.Services.Security;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests.Infrastructure;

/// <summary>What the agent tests need of a fleet: enrolled hosts, approved changes, rollbacks, enrolment codes, through the portal's own services.</summary>
public static class FleetSeed
{
    public const string Configuration = TestFleet.ConfigurationNix;

    /// <summary>Support staff, as the services see them (no account needed to act).</summary>
    public static readonly Actor Support = Actor.ForUser("support-for-tests", "Sam Support", [Roles.Support], []);

    /// <summary>An enrolled host with revision 1 and a live agent token.</summary>
    public static async Task<(Data.Host Host, string Token)> EnrolledHostAsync(this PortalFactory portal, string name)
    {
        var host = await portal.CreateHostAsync(name);
        await using var db = portal.CreateDbContext();
        var token = SecretTokens.NewToken("fpa");
        db.AgentCredentials.Add(new AgentCredential { HostId = host.Id, TokenHash = SecretTokens.Hash(token), CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return (host, token);
    }

    /// <summary>Support proposes adding the packages and approves it: a new revision and its deployment, announced to the hub.</summary>
    public static async Task<ApprovalResult> ApproveAsync(this PortalFactory portal, string hostName, params string[] add) =>
        await portal.WithAsync<ChangeWorkflow, ApprovalResult>(async workflow =>
        {
            var change = await workflow.ProposeAsync(Support, hostName, new ProposedChange(Add: add, Reason: "test"));
            return await workflow.ApproveAsync(Support, change.Change.Id);
        });

    /// <summary>Support proposes a new configuration file and approves it: a new revision whose bundle holds the file.</summary>
    public static async Task<ApprovalResult> ApproveNewFileAsync(this PortalFactory portal, string hostName, string path, string content) =>
        await portal.WithAsync<ChangeWorkflow, ApprovalResult>(async workflow =>
        {
            var change = await workflow.ProposeAsync(Support, hostName, new ProposedChange(Files: [new FileEdit(path, content)], Reason: "test"));
            return await workflow.ApproveAsync(Support, change.Change.Id);
        });

    public static async Task<DeploymentSummary> RollbackAsync(this PortalFactory portal, string hostName, int generation) =>
        await portal.WithAsync<DeploymentCommands, DeploymentSummary>(commands => commands.RollbackAsync(Support, hostName, generation));

    /// <summary>Puts the host in a family of its own whose deferral policy its next deployments get.</summary>
    public static async Task PolicyAsync(this PortalFactory portal, int hostId, PromptMode mode, int maxDeferrals = 3, TimeSpan? deadlineIn = null)
    {
        await using var db = portal.CreateDbContext();
        var family = new Family { Name = "policy " + Guid.NewGuid().ToString("N"), PromptMode = mode, MaxDeferrals = maxDeferrals, DeferralDeadline = deadlineIn ?? TimeSpan.FromDays(3) };
        db.Families.Add(family);
        await db.SaveChangesAsync();
        await db.Hosts.Where(h => h.Id == hostId).ExecuteUpdateAsync(h => h.SetProperty(x => x.FamilyId, family.Id));
    }

    /// <summary>A one-time enrolment code for a host name, made by support; returns the code as a person would type it.</summary>
    public static async Task<string> EnrolmentCodeAsync(this PortalFactory portal, string hostName, TimeSpan? expiresIn = null)
    {
        var created = await portal.WithAsync<EnrolmentCodes, CreatedEnrolmentCode>(codes => codes.CreateAsync(hostName, null, Support));
        if (expiresIn is { } lifetime)
        {
            await using var db = portal.CreateDbContext();
            var code = await db.EnrolmentCodes.SingleAsync(c => c.Id == created.Id);
            code.ExpiresAt = DateTimeOffset.UtcNow + lifetime;
            await db.SaveChangesAsync();
        }

        return created.Code;
    }

    public static async Task<Deployment> ReloadAsync(this PortalFactory portal, Guid deploymentId)
    {
        await using var db = portal.CreateDbContext();
        return await db.Deployments.AsNoTracking().Include(d => d.LogLines).FirstAsync(d => d.Id == deploymentId);
    }

    public static async Task<Data.Host> ReloadHostAsync(this PortalFactory portal, int hostId)
    {
        await using var db = portal.CreateDbContext();
        return await db.Hosts.AsNoTracking().FirstAsync(h => h.Id == hostId);
    }
}
