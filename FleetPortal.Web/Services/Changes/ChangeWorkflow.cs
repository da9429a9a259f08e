using FleetPortal.Core.Packages;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Services.Hosts;
using FleetPortal.Web.Services.Notifications;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Changes;

/// <summary>
/// The change workflow, one for pages, API and agent hub: propose (staff) or request (desk), then
/// approve, reject or withdraw. Approval applies the change's operations to the host's current
/// revision and writes the next revision and its deployment in one transaction; listeners hear of
/// it only after the commit.
/// </summary>
public sealed class ChangeWorkflow(
    IDbContextFactory<FleetDbContext> dbFactory,
    DeploymentWriter deployments,
    AuditLog audit,
    IFleetNotifier notifier,
    TimeProvider time)
{
    public const int MaxLocalUserNameLength = 64;

    /// <summary>A change to a host's packages and files, proposed by a person in the portal or through the API.</summary>
    public async Task<ChangeDetails> ProposeAsync(Actor actor, string hostName, ProposedChange change, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var host = await HostQueries.FindVisibleAsync(db, actor, hostName, cancellationToken);
        if (!FleetAccess.CanEditHost(actor, host.FamilyId))
        {
            throw new AccessDeniedFailure($"Only support staff or an admin of its family may change {host.Name}.");
        }

        var current = await ChangeLookup.CurrentContentAsync(db, host, cancellationToken);
        var operations = ChangeOperations.FromProposal(change, current);
        var request = NewRequest(host, ChangeKind.StaffEdit, actor.UserId, actor.Description, change.Reason?.Trim() ?? "", operations);
        await AddAsync(db, actor, AuditActions.ChangeProposed, host, request,
            $"{actor.Description} proposed to {ChangeOperations.Describe(operations)} on {host.Name}.", cancellationToken);
        return await GetAsync(actor, request.Id, cancellationToken);
    }

    /// <summary>
    /// What proposing <paramref name="change"/> would change in the host's current revision, checked
    /// exactly as <see cref="ProposeAsync"/> checks it, without writing anything: for an editor's preview.
    /// </summary>
    public async Task<Diffs.ConfigurationDiff> PreviewAsync(Actor actor, string hostName, ProposedChange change, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var host = await HostQueries.FindVisibleAsync(db, actor, hostName, cancellationToken);
        if (!FleetAccess.CanEditHost(actor, host.FamilyId))
        {
            throw new AccessDeniedFailure($"Only support staff or an admin of its family may change {host.Name}.");
        }

        var current = await ChangeLookup.CurrentContentAsync(db, host, cancellationToken);
        var (result, _) = ChangeOperations.Apply(current, ChangeOperations.FromProposal(change, current));
        return Diffs.ConfigurationDiffer.Compare(current, host.CurrentRevisionNumber, result, null);
    }

    /// <summary>A package asked for by the person at the desk (<c>fleetportal-agent request</c>); it reaches the family's admins.</summary>
    public async Task<ChangeSummary> RequestAtDeskAsync(Actor desk, string package, string? reason, CancellationToken cancellationToken = default)
    {
        if (desk.Kind != ActorKind.Desk || desk.HostId is not int hostId)
        {
            throw new AccessDeniedFailure("Only the person at a host's desk asks for packages this way.");
        }

        var errors = new Dictionary<string, string[]>();
        if (!NixAttrPath.TryParse(package, out var name, out var packageError))
        {
            errors["package"] = [packageError];
        }

        if (reason is { Length: > ChangeOperations.MaxReasonLength })
        {
            errors["reason"] = [$"The reason is at most {ChangeOperations.MaxReasonLength} characters."];
        }

        if (string.IsNullOrWhiteSpace(desk.LocalUserName) || desk.LocalUserName.Length > MaxLocalUserNameLength)
        {
            errors["user"] = [$"The local user's name is required, at most {MaxLocalUserNameLength} characters."];
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputFailure(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var host = await db.Hosts.Include(h => h.Family).SingleOrDefaultAsync(h => h.Id == hostId, cancellationToken)
            ?? throw new NotFoundFailure("This host is no longer part of the fleet.");
        var operation = new ChangeOperation { Kind = ChangeOperationKind.AddPackage, Package = name!.Value };
        var request = NewRequest(host, ChangeKind.DeskRequest, null, desk.Description, reason?.Trim() ?? "", [operation]);
        await AddAsync(db, desk, AuditActions.ChangeRequestedAtDesk, host, request,
            request.Reason.Length > 0 ? $"{desk.Description} asked for {name.Value}: {request.Reason}" : $"{desk.Description} asked for {name.Value}.", cancellationToken);
        return ChangeProjections.Summary(request, host);
    }

    /// <summary>Approves an open change: the next revision and its deployment, in one transaction.</summary>
    public async Task<ApprovalResult> ApproveAsync(Actor actor, int changeId, string? comment = null, CancellationToken cancellationToken = default)
    {
        CheckComment(comment, required: false);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (change, host) = await ChangeLookup.FindOpenAsync(db, actor, changeId, cancellationToken);
        if (FleetAccess.WhyNotDecide(actor, host.FamilyId, host.Family?.RequiresSecondApprover == true, change.AuthorUserId) is { } whyNot)
        {
            throw new AccessDeniedFailure(whyNot);
        }

        var current = await ChangeLookup.CurrentContentAsync(db, host, cancellationToken);
        var (result, conflict) = ChangeOperations.Apply(current, change.Operations);
        if (conflict is not null)
        {
            throw new ConflictFailure(conflict);
        }

        var now = time.GetUtcNow();
        var number = host.CurrentRevisionNumber + 1;
        var what = ChangeOperations.Describe(change.Operations);
        db.Revisions.Add(result.ToRevision(host.Id, number, actor.Description, now, change.Id, Truncate($"Change {change.Id}: {what}", 2000)));
        host.CurrentRevisionNumber = number;
        var deployment = deployments.Add(db, host, actor, DeploymentAction.Switch, number, changeRequestId: change.Id);
        audit.Record(db, actor, AuditActions.ChangeApproved,
            $"{actor.Description} approved change {change.Id} by {change.AuthorName} ({what}) on {host.Name}, writing revision {number}.",
            new AuditSubject(host.Id, host.Name, change.Id, deployment.Id));

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await DecideAsync(db, change.Id, ChangeStatus.Approved, actor, comment, number, cancellationToken);
            await deployments.SaveAsync(db, host, deployment, actor, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await notifier.PublishAsync(new FleetChange(FleetChangeKind.DeploymentCreated, host.Id, deployment.Id, change.Id));
        await notifier.PublishAsync(new FleetChange(FleetChangeKind.ChangeRequestChanged, host.Id, ChangeRequestId: change.Id));
        await notifier.PublishAsync(new FleetChange(FleetChangeKind.HostChanged, host.Id));
        return new ApprovalResult(change.Id, host.Name, number, deployment.Id);
    }

    /// <summary>Rejects an open change, saying why.</summary>
    public async Task RejectAsync(Actor actor, int changeId, string comment, CancellationToken cancellationToken = default)
    {
        CheckComment(comment, required: true);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (change, host) = await ChangeLookup.FindOpenAsync(db, actor, changeId, cancellationToken);
        if (!FleetAccess.CanDecide(actor, host.FamilyId))
        {
            throw new AccessDeniedFailure(FleetAccess.WhyNotDecide(actor, host.FamilyId, false, null)!);
        }

        await CloseAsync(db, actor, change, host, ChangeStatus.Rejected, comment.Trim(), AuditActions.ChangeRejected,
            $"{actor.Description} rejected change {change.Id} by {change.AuthorName} on {host.Name}: {comment.Trim()}", cancellationToken);
    }

    /// <summary>Withdraws an open change: its author, the desk that asked, or someone who may decide it.</summary>
    public async Task WithdrawAsync(Actor actor, int changeId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (change, host) = await ChangeLookup.FindOpenAsync(db, actor, changeId, cancellationToken);
        if (!FleetAccess.CanWithdraw(actor, host.Id, host.FamilyId, change.AuthorUserId, change.Kind))
        {
            throw new AccessDeniedFailure("Only the author of a change, or someone who may decide it, can withdraw it.");
        }

        await CloseAsync(db, actor, change, host, ChangeStatus.Withdrawn, null, AuditActions.ChangeWithdrawn,
            $"{actor.Description} withdrew change {change.Id} by {change.AuthorName} on {host.Name}.", cancellationToken);
    }

    /// <summary>Open changes the actor may decide, oldest first; of one host when <paramref name="hostName"/> is given.</summary>
    public async Task<IReadOnlyList<ChangeSummary>> ListPendingAsync(Actor actor, string? hostName = null, CancellationToken cancellationToken = default)
    {
        if (actor.Kind != ActorKind.PortalUser)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hosts = db.Hosts.Where(FleetAccess.VisibleHosts(actor));
        if (hostName is not null)
        {
            hosts = hosts.Where(h => h.Name == hostName);
        }

        var changes = await db.ChangeRequests.AsNoTracking().Include(c => c.Operations).Include(c => c.Host!.Family)
            .Where(c => c.Status == ChangeStatus.Open && hosts.Any(h => h.Id == c.HostId))
            .OrderBy(c => c.Id)
            .Take(500)
            .ToListAsync(cancellationToken);
        return changes.Select(c => ChangeProjections.Summary(c, c.Host!)).ToList();
    }

    /// <summary>Every change of one host, newest first.</summary>
    public async Task<IReadOnlyList<ChangeSummary>> ListForHostAsync(Actor actor, string hostName, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var host = await HostQueries.FindVisibleAsync(db, actor, hostName, cancellationToken);
        var changes = await db.ChangeRequests.AsNoTracking().Include(c => c.Operations)
            .Where(c => c.HostId == host.Id)
            .OrderByDescending(c => c.Id)
            .Take(200)
            .ToListAsync(cancellationToken);
        return changes.Select(c => ChangeProjections.Summary(c, host)).ToList();
    }

    /// <summary>One change, with what approving it now would do.</summary>
    public async Task<ChangeDetails> GetAsync(Actor actor, int changeId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (change, host) = await ChangeLookup.FindAsync(db, actor, changeId, cancellationToken);
        Diffs.ConfigurationDiff? preview = null;
        string? conflict = null;
        if (change.Status == ChangeStatus.Open)
        {
            var current = await ChangeLookup.CurrentContentAsync(db, host, cancellationToken);
            (var result, conflict) = ChangeOperations.Apply(current, change.Operations);
            preview = Diffs.ConfigurationDiffer.Compare(current, host.CurrentRevisionNumber, result, null);
        }

        var whyNot = change.Status == ChangeStatus.Open
            ? FleetAccess.WhyNotDecide(actor, host.FamilyId, host.Family?.RequiresSecondApprover == true, change.AuthorUserId)
            : "This change has been decided.";
        var canWithdraw = change.Status == ChangeStatus.Open
            && FleetAccess.CanWithdraw(actor, host.Id, host.FamilyId, change.AuthorUserId, change.Kind);
        return new ChangeDetails(ChangeProjections.Summary(change, host), change.DeciderName, change.DecidedAt,
            change.DecisionComment, change.ResultRevisionNumber, preview, conflict, whyNot, canWithdraw);
    }

    private ChangeRequest NewRequest(Host host, ChangeKind kind, string? authorUserId, string authorName, string reason, List<ChangeOperation> operations) =>
        new()
        {
            HostId = host.Id,
            Kind = kind,
            Status = ChangeStatus.Open,
            AuthorUserId = authorUserId,
            AuthorName = Truncate(authorName, 256),
            Reason = reason,
            BaseRevisionNumber = host.CurrentRevisionNumber,
            CreatedAt = time.GetUtcNow(),
            Operations = operations,
        };

    private async Task AddAsync(FleetDbContext db, Actor actor, string action, Host host, ChangeRequest request, string details, CancellationToken cancellationToken)
    {
        // The change's id exists only once it is saved, so the event follows it in the same transaction.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            db.ChangeRequests.Add(request);
            await db.SaveChangesAsync(cancellationToken);
            audit.Record(db, actor, action, Truncate(details, 2000), new AuditSubject(host.Id, host.Name, request.Id));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await notifier.PublishAsync(new FleetChange(FleetChangeKind.ChangeRequestChanged, host.Id, ChangeRequestId: request.Id));
    }

    private async Task CloseAsync(FleetDbContext db, Actor actor, ChangeRequest change, Host host, ChangeStatus status, string? comment,
        string action, string details, CancellationToken cancellationToken)
    {
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await DecideAsync(db, change.Id, status, actor, comment, null, cancellationToken);
            audit.Record(db, actor, action, Truncate(details, 2000), new AuditSubject(host.Id, host.Name, change.Id));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await notifier.PublishAsync(new FleetChange(FleetChangeKind.ChangeRequestChanged, host.Id, ChangeRequestId: change.Id));
    }

    /// <summary>Closes the change only if it is still open, so two people deciding at once cannot both win.</summary>
    private async Task DecideAsync(FleetDbContext db, int changeId, ChangeStatus status, Actor actor, string? comment, int? resultRevision, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var closed = await db.ChangeRequests
            .Where(c => c.Id == changeId && c.Status == ChangeStatus.Open)
            .ExecuteUpdateAsync(set => set
                .SetProperty(c => c.Status, status)
                .SetProperty(c => c.DeciderUserId, actor.UserId)
                .SetProperty(c => c.DeciderName, actor.Description)
                .SetProperty(c => c.DecidedAt, now)
                .SetProperty(c => c.DecisionComment, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim())
                .SetProperty(c => c.ResultRevisionNumber, resultRevision), cancellationToken);
        if (closed == 0)
        {
            throw new ConflictFailure($"Change {changeId} was decided by someone else in the meantime; nothing was saved.");
        }
    }

    private static void CheckComment(string? comment, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(comment))
        {
            throw new InvalidInputFailure("comment", "Say why the change is rejected: its author reads it.");
        }

        if (comment is { Length: > ChangeOperations.MaxReasonLength })
        {
            throw new InvalidInputFailure("comment", $"The comment is at most {ChangeOperations.MaxReasonLength} characters.");
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
