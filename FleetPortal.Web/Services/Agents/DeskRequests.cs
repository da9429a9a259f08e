using FleetPortal.Core.Packages;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Notifications;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Agents;

/// <summary>A package asked for at the desk becomes an open change request of that host, for its family admin or support to decide.</summary>
public sealed class DeskRequests(IDbContextFactory<FleetDbContext> databases, IFleetNotifier notifier, TimeProvider time)
{
    public const int MaxReasonLength = 500;

    public async Task<DeskRequestReceipt> RequestAsync(AgentIdentity agent, DeskPackageRequest request)
    {
        if (!NixAttrPath.TryParse(request.Package, out var package, out var error))
        {
            throw new HubException($"'{request.Package}' is not a package name: {error}");
        }

        var reason = (request.Reason ?? "").Trim();
        if (reason.Length > MaxReasonLength)
        {
            throw new HubException($"The reason is at most {MaxReasonLength} characters.");
        }

        var user = (request.LocalUser ?? "").Trim();
        if (user.Length is 0 or > 64)
        {
            throw new HubException("The local user's name is required (at most 64 characters).");
        }

        await using var db = await databases.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var host = await db.Hosts.FirstAsync(h => h.Id == agent.HostId);
        var now = time.GetUtcNow();
        var change = new ChangeRequest
        {
            HostId = host.Id,
            Kind = ChangeKind.DeskRequest,
            Status = ChangeStatus.Open,
            AuthorName = $"{user} at {host.Name}",
            Reason = reason,
            BaseRevisionNumber = host.CurrentRevisionNumber,
            CreatedAt = now,
            Operations = [new ChangeOperation { Kind = ChangeOperationKind.AddPackage, Package = package.Value }],
        };
        db.ChangeRequests.Add(change);
        await db.SaveChangesAsync();
        AgentAudit.Record(db, now, change.AuthorName, AuditActions.ChangeRequestedAtDesk, host.Id, host.Name,
            $"{change.AuthorName} asked for {package.Value}{(reason.Length > 0 ? $": {reason}" : "")}.", changeRequestId: change.Id);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        await notifier.PublishAsync(new FleetChange(FleetChangeKind.ChangeRequestChanged, host.Id, ChangeRequestId: change.Id));
        return new DeskRequestReceipt(change.Id, $"Request #{change.Id} for {package.Value} was sent; an administrator will decide on it.");
    }
}
