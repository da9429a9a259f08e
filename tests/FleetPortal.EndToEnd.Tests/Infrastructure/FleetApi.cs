using System.Net;
using System.Net.Http.Json;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Changes;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Enrolment;
using FleetPortal.Web.Services.Families;
using FleetPortal.Web.Services.Hosts;
using FleetPortal.Web.Services.Paging;
using FleetPortal.Web.Services.Users;
using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The automation API of a portal process, as a script of the support administrator calls it
/// (the bootstrap token): how the tests seed the fleet and read it back without reaching into the portal.
/// </summary>
public sealed class FleetApi(HttpClient client) : IDisposable
{
    public FleetApi(PortalProcess portal)
        : this(portal.CreateApiClient())
    {
    }

    public async Task<FamilySummary> CreateFamilyAsync(string name) =>
        await (await client.PostJsonAsync("api/families", new { name })).ReadAsync<FamilySummary>(HttpStatusCode.Created);

    /// <summary>A portal account with <see cref="Accounts.Password"/>, for the browser to sign in with.</summary>
    public async Task<PortalUserSummary> CreateUserAsync(string email, string displayName, string role, params int[] familyIds) =>
        await (await client.PostJsonAsync("api/users", new { email, displayName, password = Accounts.Password, role, familyIds }))
            .ReadAsync<PortalUserSummary>(HttpStatusCode.Created);

    public async Task<string> EnrolmentCodeAsync(string hostName, int? familyId = null) =>
        (await (await client.PostJsonAsync($"api/hosts/{hostName}/enrolment-codes", new { familyId })).ReadAsync<CreatedEnrolmentCode>()).Code;

    /// <summary>The administrator proposes adding the packages and approves the change: a new revision and its deployment.</summary>
    public async Task<ApprovalResult> ApproveAsync(string hostName, params string[] add)
    {
        var change = await (await client.PostJsonAsync($"api/hosts/{hostName}/changes", new { add, reason = "set up by script" }))
            .ReadAsync<ChangeDetails>(HttpStatusCode.Created);
        return await (await client.PostJsonAsync($"api/changes/{change.Change.Id}/approve", new { })).ReadAsync<ApprovalResult>();
    }

    public async Task<RolloutSummary> RollOutAsync(IEnumerable<string> hosts) =>
        await (await client.PostJsonAsync("api/rollouts", new { hosts })).ReadAsync<RolloutSummary>();

    public async Task<RolloutProgress> RolloutAsync(long id) =>
        await (await client.GetAsync($"api/rollouts/{id}")).ReadAsync<RolloutProgress>();

    public async Task MoveToFamilyAsync(string hostName, int familyId) =>
        (await client.PutAsJsonAsync($"api/hosts/{hostName}/family", new { familyId }, ApiJson.Options)).EnsureSuccessStatusCode();

    public async Task<DeploymentDetails> DeploymentAsync(Guid id) =>
        await (await client.GetAsync($"api/deployments/{id}")).ReadAsync<DeploymentDetails>();

    /// <summary>A host's deployments, newest first.</summary>
    public async Task<List<DeploymentSummary>> DeploymentsAsync(string hostName) =>
        await (await client.GetAsync($"api/hosts/{hostName}/deployments")).ReadAsync<List<DeploymentSummary>>();

    public async Task<HostDetails> HostAsync(string hostName) =>
        await (await client.GetAsync($"api/hosts/{hostName}")).ReadAsync<HostDetails>();

    /// <summary>Every change of a host, newest first.</summary>
    public async Task<List<ChangeSummary>> ChangesAsync(string hostName) =>
        await (await client.GetAsync($"api/hosts/{hostName}/changes")).ReadAsync<List<ChangeSummary>>();

    /// <summary>The audit events of a host (of one action, when given), newest first.</summary>
    public async Task<PagedList<AuditEntry>> AuditAsync(string hostName, string? action = null, int pageSize = 200) =>
        await (await client.GetAsync($"api/audit?host={hostName}&pageSize={pageSize}" + (action is null ? "" : $"&action={action}")))
            .ReadAsync<PagedList<AuditEntry>>();

    public Task WaitForStatusAsync(Guid deploymentId, DeploymentStatus status) =>
        Eventually.HoldsAsync(async () => (await DeploymentAsync(deploymentId)).Deployment.Status == status, $"deployment {deploymentId} is {status}");

    public void Dispose() => client.Dispose();
}
