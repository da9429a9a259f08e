using FleetPortal.Core.Bundles;
using FleetPortal.Core.Deferrals;
using FleetPortal.Core.Packages;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Notifications;
using FleetPortal.Web.Services.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.Infrastructure;

/// <summary>Writes hosts, revisions, deployments and codes straight into a test portal's database.</summary>
public static class FleetSeed
{
    public const string Configuration = "{ pkgs, ... }:\n{\n  imports = [ ./hardware-configuration.nix ];\n  networking.hostName = \"test\";\n}\n";

    /// <summary>An enrolled host with revision 1 and a live agent token.</summary>
    public static async Task<(Data.Host Host, string Token)> EnrolledHostAsync(this PortalFactory portal, string name)
    {
        await using var db = portal.CreateDbContext();
        var files = new List<BundleFile> { new(BundleFileNames.Configuration, Configuration) };
        var host = new Data.Host { Name = name, CreatedAt = DateTimeOffset.UtcNow, CurrentRevisionNumber = 1 };
        host.Revisions.Add(new Revision
        {
            Number = 1,
            Files = files.Select(f => new RevisionFile { Path = f.Path, Content = f.Content }).ToList(),
            ContentHash = BundleRenderer.Render([], files).ContentHash,
            CreatedAt = DateTimeOffset.UtcNow,
            CreatedBy = "test",
        });
        db.Hosts.Add(host);
        var token = SecretTokens.NewToken("fpa");
        db.AgentCredentials.Add(new AgentCredential { Host = host, TokenHash = SecretTokens.Hash(token), CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return (host, token);
    }

    /// <summary>A new revision of the host with these packages and revision 1's files.</summary>
    public static async Task<Revision> RevisionAsync(this PortalFactory portal, int hostId, params string[] packages)
    {
        await using var db = portal.CreateDbContext();
        var host = await db.Hosts.FirstAsync(h => h.Id == hostId);
        var files = await db.RevisionFiles.Where(f => f.RevisionId == db.Revisions.First(r => r.HostId == hostId && r.Number == 1).Id)
            .Select(f => new BundleFile(f.Path, f.Content)).ToListAsync();
        var paths = packages.Select(NixAttrPath.Parse).ToList();
        var revision = new Revision
        {
            HostId = hostId,
            Number = host.CurrentRevisionNumber + 1,
            Packages = BundleRenderer.Normalise(paths).Select(p => p.Value).ToList(),
            Files = files.Select(f => new RevisionFile { Path = f.Path, Content = f.Content }).ToList(),
            ContentHash = BundleRenderer.Render(paths, files).ContentHash,
            CreatedAt = DateTimeOffset.UtcNow,
            CreatedBy = "test",
        };
        db.Revisions.Add(revision);
        host.CurrentRevisionNumber = revision.Number;
        await db.SaveChangesAsync();
        return revision;
    }

    /// <summary>A pending deployment of the revision, announced the way approval announces it.</summary>
    public static async Task<Deployment> DeploymentAsync(
        this PortalFactory portal,
        int hostId,
        int revisionNumber,
        PromptMode mode = PromptMode.Auto,
        int maxDeferrals = 3,
        TimeSpan? deadlineIn = null,
        bool announce = true,
        DeploymentAction action = DeploymentAction.Switch,
        int? rollbackGeneration = null)
    {
        await using var db = portal.CreateDbContext();
        var deployment = new Deployment
        {
            Id = Guid.NewGuid(),
            HostId = hostId,
            Action = action,
            RevisionNumber = revisionNumber,
            RollbackGeneration = rollbackGeneration,
            Status = DeploymentStatus.Pending,
            RequestedBy = "test",
            CreatedAt = DateTimeOffset.UtcNow,
            PromptMode = mode,
            MaxDeferrals = maxDeferrals,
            Deadline = DateTimeOffset.UtcNow + (deadlineIn ?? TimeSpan.FromDays(3)),
        };
        db.Deployments.Add(deployment);
        await db.SaveChangesAsync();
        if (announce)
        {
            await portal.Services.GetRequiredService<IFleetNotifier>()
                .PublishAsync(new FleetChange(FleetChangeKind.DeploymentCreated, hostId, deployment.Id));
        }

        return deployment;
    }

    /// <summary>A one-time enrolment code for a host name; returns the code as a person would type it.</summary>
    public static async Task<string> EnrolmentCodeAsync(this PortalFactory portal, string hostName, TimeSpan? expiresIn = null)
    {
        await using var db = portal.CreateDbContext();
        var code = SecretTokens.NewEnrolmentCode();
        db.EnrolmentCodes.Add(new EnrolmentCode
        {
            HostName = hostName,
            CodeHash = SecretTokens.Hash(SecretTokens.NormaliseCode(code)),
            CreatedAt = DateTimeOffset.UtcNow,
            ExpiresAt = DateTimeOffset.UtcNow + (expiresIn ?? TimeSpan.FromHours(1)),
            CreatedBy = "support",
        });
        await db.SaveChangesAsync();
        return code;
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
