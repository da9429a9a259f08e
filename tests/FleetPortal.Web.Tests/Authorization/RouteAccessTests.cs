using System.Globalization;
using System.Net;
using System.Text;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Changes;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Security;
using FleetPortal.Web.Services.Tokens;
using Microsoft.EntityFrameworkCore;
using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.Authorization;

/// <summary>Every page and download, for every kind of visitor: who gets it, who is sent to sign in, who is turned away.</summary>
public sealed class RouteAccessTests : IClassFixture<RouteAccessTests.Portal>
{
    private readonly Portal portal;

    public RouteAccessTests(Portal portal) => this.portal = portal;

    public enum Visitor
    {
        Anonymous,
        NoRole,
        FamilyAdmin,
        Support,
    }

    public enum Outcome
    {
        Allowed,
        SignIn,
        Denied,
    }

    private static readonly Guid MillerDeployment = Guid.Parse("0b7f5d2e-4c1a-4e0f-9a51-000000000001");
    private static readonly Guid OkaforDeployment = Guid.Parse("0b7f5d2e-4c1a-4e0f-9a51-000000000002");

    public static TheoryData<string, Visitor, Outcome> Table()
    {
        var table = new TheoryData<string, Visitor, Outcome>();
        void Route(string path, Outcome anonymous, Outcome noRole, Outcome familyAdmin, Outcome support)
        {
            table.Add(path, Visitor.Anonymous, anonymous);
            table.Add(path, Visitor.NoRole, noRole);
            table.Add(path, Visitor.FamilyAdmin, familyAdmin);
            table.Add(path, Visitor.Support, support);
        }

        const Outcome A = Outcome.Allowed, S = Outcome.SignIn, D = Outcome.Denied;
        Route("/Account/Login", A, A, A, A);
        Route("/Account/Lockout", A, A, A, A);
        Route("/", S, D, A, A);
        Route("/approvals", S, D, A, A);
        Route("/deployments", S, D, A, A);
        Route("/rollouts", S, D, A, A);
        Route("/profile", S, A, A, A);
        Route("/enrol", S, D, D, A);
        Route("/hosts/miller-laptop", S, D, A, A);
        Route("/hosts/okafor-desktop", S, D, D, A);
        Route($"/deployments/{MillerDeployment}", S, D, A, A);
        Route($"/deployments/{OkaforDeployment}", S, D, D, A);
        Route("/catalog", S, D, D, A);
        Route("/audit", S, D, D, A);
        Route("/audit/export.csv", S, D, D, A);
        Route("/users", S, D, D, A);
        return table;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Get_GivesEachVisitorWhatTheirRoleAllows(string path, Visitor visitor, Outcome expected)
    {
        var client = await portal.ClientAsync(visitor);

        var response = await client.GetAsync(path);

        var outcome = response.StatusCode switch
        {
            HttpStatusCode.OK => Outcome.Allowed,
            HttpStatusCode.Redirect when response.Headers.Location!.OriginalString.Contains("/Account/Login") => Outcome.SignIn,
            HttpStatusCode.Redirect when response.Headers.Location!.OriginalString.Contains("/Account/AccessDenied") => Outcome.Denied,
            HttpStatusCode.Forbidden or HttpStatusCode.NotFound => Outcome.Denied,
            _ => throw new Xunit.Sdk.XunitException($"{path} gave {(int)response.StatusCode} {response.Headers.Location}"),
        };
        Assert.Equal(expected, outcome);
    }

    /// <summary>
    /// Every route under <c>/api</c> but the agents' own. Paths and bodies may name <c>{change}</c> (a fresh open
    /// change on okafor-desktop by someone else), <c>{token}</c> (a fresh token of someone else) and <c>{fresh}</c>
    /// (a name no one has used): each case gets objects of its own, so no case depends on another's order.
    /// Writes are tried against okafor-desktop, outside the family admin's family.
    /// </summary>
    public static TheoryData<string, string, string?, Visitor, Outcome> ApiTable()
    {
        var table = new TheoryData<string, string, string?, Visitor, Outcome>();
        void Route(string method, string path, string? body, Outcome anonymous, Outcome noRole, Outcome familyAdmin, Outcome support)
        {
            table.Add(method, path, body, Visitor.Anonymous, anonymous);
            table.Add(method, path, body, Visitor.NoRole, noRole);
            table.Add(method, path, body, Visitor.FamilyAdmin, familyAdmin);
            table.Add(method, path, body, Visitor.Support, support);
        }

        const Outcome A = Outcome.Allowed, S = Outcome.SignIn, D = Outcome.Denied;
        const string Proposal = """{"add": ["vlc"], "reason": "route table"}""";
        const string Comment = """{"comment": "route table"}""";

        // Hosts.
        Route("GET", "/api/hosts", null, S, A, A, A);
        Route("POST", "/api/hosts", """{"name": "{fresh}"}""", S, D, D, A);
        Route("GET", "/api/hosts/miller-laptop", null, S, D, A, A);
        Route("GET", "/api/hosts/okafor-desktop", null, S, D, D, A);
        Route("PUT", "/api/hosts/okafor-desktop/family", """{"familyId": 2}""", S, D, D, A);
        Route("GET", "/api/hosts/miller-laptop/revisions", null, S, D, A, A);
        Route("GET", "/api/hosts/okafor-desktop/revisions", null, S, D, D, A);
        Route("GET", "/api/hosts/miller-laptop/revisions/1", null, S, D, A, A);
        Route("GET", "/api/hosts/okafor-desktop/revisions/1", null, S, D, D, A);
        Route("GET", "/api/hosts/miller-laptop/diff?from=1&to=1", null, S, D, A, A);
        Route("GET", "/api/hosts/okafor-desktop/diff?from=1&to=1", null, S, D, D, A);
        Route("GET", "/api/hosts/miller-laptop/changes", null, S, D, A, A);
        Route("GET", "/api/hosts/okafor-desktop/changes", null, S, D, D, A);
        Route("GET", "/api/hosts/okafor-desktop/deployments", null, S, D, D, A);

        // Changes.
        Route("POST", "/api/hosts/okafor-desktop/changes", Proposal, S, D, D, A);
        Route("GET", "/api/changes", null, S, A, A, A);
        Route("GET", "/api/changes/{change}", null, S, D, D, A);
        Route("POST", "/api/changes/{change}/approve", Comment, S, D, D, A);
        Route("POST", "/api/changes/{change}/reject", Comment, S, D, D, A);
        Route("POST", "/api/changes/{change}/withdraw", null, S, D, D, A);

        // Deployments.
        Route("GET", $"/api/deployments/{MillerDeployment}", null, S, D, A, A);
        Route("GET", $"/api/deployments/{OkaforDeployment}", null, S, D, D, A);
        Route("POST", "/api/hosts/okafor-desktop/redeploy", """{"revision": 1}""", S, D, D, A);
        Route("POST", "/api/hosts/okafor-desktop/rollback", """{"generation": 1}""", S, D, D, A);
        Route("POST", "/api/rollouts", """{"hosts": ["okafor-desktop"]}""", S, D, D, A);
        Route("GET", "/api/rollouts", null, S, A, A, A);
        Route("GET", "/api/rollouts/{rollout:miller-laptop}", null, S, D, A, A);
        Route("GET", "/api/rollouts/{rollout:okafor-desktop}", null, S, D, D, A);
        Route("GET", "/api/rollouts/{rollout:miller-laptop}/deployments", null, S, D, A, A);
        Route("GET", "/api/rollouts/{rollout:okafor-desktop}/deployments", null, S, D, D, A);

        // Families, enrolment, tokens, audit, diagnostics.
        Route("GET", "/api/families", null, S, A, A, A);
        Route("POST", "/api/families", """{"name": "{fresh}"}""", S, D, D, A);
        Route("POST", "/api/hosts/okafor-desktop/enrolment-codes", null, S, D, D, A);
        Route("POST", "/api/enrolment-codes", """{"hostNames": ["{fresh}"]}""", S, D, D, A);
        Route("GET", "/api/tokens", null, S, A, A, A);
        Route("POST", "/api/tokens", """{"name": "route table"}""", S, A, A, A);
        Route("DELETE", "/api/tokens/{token}", null, S, D, D, D);
        Route("GET", "/api/audit", null, S, A, A, A);
        Route("GET", "/api/diagnostics/memory", null, S, D, D, A);
        return table;
    }

    /// <summary>The automation API with each visitor's personal access token (none for anonymous); a refused call writes nothing.</summary>
    [Theory]
    [MemberData(nameof(ApiTable))]
    public async Task Api_GivesEachTokenWhatItsOwnersRoleAndFamiliesAllow(string method, string path, string? body, Visitor visitor, Outcome expected)
    {
        var fresh = "route-" + Guid.NewGuid().ToString("N")[..12];
        path = path.Replace("{fresh}", fresh, StringComparison.Ordinal);
        if (path.Contains("{change}", StringComparison.Ordinal))
        {
            path = path.Replace("{change}", (await portal.OpenChangeOnOkaforAsync()).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        if (path.Contains("{token}", StringComparison.Ordinal))
        {
            path = path.Replace("{token}", (await portal.SomeoneElsesTokenAsync()).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        foreach (var host in new[] { "miller-laptop", "okafor-desktop" })
        {
            var placeholder = $"{{rollout:{host}}}";
            if (path.Contains(placeholder, StringComparison.Ordinal))
            {
                path = path.Replace(placeholder, (await portal.RolloutToAsync(host)).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            }
        }

        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body.Replace("{fresh}", fresh, StringComparison.Ordinal), Encoding.UTF8, "application/json");
        }

        var before = await portal.SnapshotAsync();
        var response = await portal.ApiClient(visitor).SendAsync(request);

        var outcome = response.StatusCode switch
        {
            HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.NoContent => Outcome.Allowed,
            HttpStatusCode.Unauthorized => Outcome.SignIn,
            HttpStatusCode.Forbidden or HttpStatusCode.NotFound => Outcome.Denied,
            _ => throw new Xunit.Sdk.XunitException($"{method} {path} gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}"),
        };
        Assert.Equal(expected, outcome);
        if (outcome != Outcome.Allowed)
        {
            Assert.Equal(before, await portal.SnapshotAsync());
        }
        else if (method != "GET")
        {
            // The snapshot sees every write an allowed call makes, so an unchanged one above means nothing was written.
            Assert.NotEqual(before, await portal.SnapshotAsync());
        }
    }

    /// <summary>The agents' endpoints take a host's agent token only: no personal token opens them, whoever owns it.</summary>
    [Theory]
    [InlineData("/api/agent/requests", Visitor.Anonymous)]
    [InlineData("/api/agent/requests", Visitor.NoRole)]
    [InlineData("/api/agent/requests", Visitor.FamilyAdmin)]
    [InlineData("/api/agent/requests", Visitor.Support)]
    [InlineData("/api/agent/revisions/1/bundle", Visitor.Anonymous)]
    [InlineData("/api/agent/revisions/1/bundle", Visitor.NoRole)]
    [InlineData("/api/agent/revisions/1/bundle", Visitor.FamilyAdmin)]
    [InlineData("/api/agent/revisions/1/bundle", Visitor.Support)]
    public async Task AgentApi_RefusesAnonymousAndPersonalTokens(string path, Visitor visitor)
    {
        var response = await portal.ApiClient(visitor).GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/agent/requests")]
    [InlineData("/api/agent/revisions/1/bundle")]
    public async Task AgentApi_AnswersTheHostsOwnAgentToken(string path)
    {
        var response = await portal.AgentClient.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The agent hub runs outside the pages' pipeline (no cookie sign-in there): it still takes a host's agent token only.</summary>
    [Theory]
    [InlineData(Visitor.Anonymous)]
    [InlineData(Visitor.NoRole)]
    [InlineData(Visitor.Support)]
    public async Task AgentHub_RefusesAnonymousPersonalTokensAndSignedInBrowsers(Visitor visitor)
    {
        var byToken = await portal.ApiClient(visitor).PostAsync(AgentProtocol.HubPath + "/negotiate?negotiateVersion=1", null);
        var byCookie = await (await portal.ClientAsync(visitor)).PostAsync(AgentProtocol.HubPath + "/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.Unauthorized, byToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, byCookie.StatusCode);
    }

    [Fact]
    public async Task AgentHub_NegotiatesWithTheHostsOwnAgentToken()
    {
        var response = await portal.AgentClient.PostAsync(AgentProtocol.HubPath + "/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Enrolment is open to anyone with a code; a personal token is no substitute for one.</summary>
    [Theory]
    [InlineData(Visitor.Anonymous)]
    [InlineData(Visitor.Support)]
    public async Task AgentEnrol_WithAnUnknownCode_IsRefusedWithOrWithoutAPersonalToken(Visitor visitor)
    {
        var before = await portal.SnapshotAsync();

        var response = await portal.ApiClient(visitor).PostJsonAsync(AgentProtocol.EnrolPath, new EnrolmentRequest("ZZZZ-ZZZZ", [], null, "route table"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await portal.SnapshotAsync());
    }

    [Fact]
    public async Task Register_IsGone_AccountsAreMadeBySupportStaff()
    {
        var response = await (await portal.ClientAsync(Visitor.Anonymous)).GetAsync("/Account/Register");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>One portal for the whole table, with one signed-in client per kind of visitor.</summary>
    public sealed class Portal : IAsyncLifetime
    {
        private readonly Dictionary<Visitor, HttpClient> clients = [];
        private readonly Dictionary<Visitor, HttpClient> apiClients = [];

        private Actor owner = null!;

        public PortalFactory Factory { get; } = new();

        /// <summary>okafor-desktop's own agent, with its agent token.</summary>
        public HttpClient AgentClient { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await using (var db = Factory.CreateDbContext())
            {
                db.Families.AddRange(new Family { Name = "Miller" }, new Family { Name = "Okafor" });
                await db.SaveChangesAsync();
            }

            var miller = await Factory.CreateHostAsync("miller-laptop", familyId: 1, "firefox");
            var okafor = await Factory.CreateHostAsync("okafor-desktop", familyId: 2, "gimp");
            await using (var db = Factory.CreateDbContext())
            {
                db.Deployments.AddRange(Deployment(MillerDeployment, miller.Id), Deployment(OkaforDeployment, okafor.Id));
                await db.SaveChangesAsync();
            }

            var nobody = await SignedInClients.CreateAccountAsync(Factory, "nobody@example.org", role: null);
            var familyAdmin = await SignedInClients.CreateAccountAsync(Factory, "fa@example.org", Roles.FamilyAdmin, 1);
            var support = await SignedInClients.CreateAccountAsync(Factory, "sam@example.org", Roles.Support);
            apiClients[Visitor.Anonymous] = Factory.CreateApiClient(null);
            apiClients[Visitor.NoRole] = Factory.CreateApiClient(await Factory.CreateTokenAsync(Actor.ForUser(nobody, "nobody", [], [])));
            apiClients[Visitor.FamilyAdmin] = Factory.CreateApiClient(await Factory.CreateTokenAsync(Actor.ForUser(familyAdmin, "fa", [Roles.FamilyAdmin], [1])));
            apiClients[Visitor.Support] = Factory.CreateApiClient(await Factory.CreateTokenAsync(Actor.ForUser(support, "sam", [Roles.Support], [])));
            owner = await Factory.CreateSupportAsync("Olive Owner");
            var agentToken = SecretTokens.NewToken("fpa");
            await using (var db = Factory.CreateDbContext())
            {
                db.AgentCredentials.Add(new AgentCredential { HostId = okafor.Id, TokenHash = SecretTokens.Hash(agentToken), CreatedAt = DateTimeOffset.UnixEpoch });
                await db.SaveChangesAsync();
            }

            AgentClient = Factory.CreateApiClient(agentToken);
            clients[Visitor.Anonymous] = SignedInClients.Anonymous(Factory);
            clients[Visitor.NoRole] = await SignedInClients.SignInAsync(Factory, "nobody@example.org");
            clients[Visitor.FamilyAdmin] = await SignedInClients.SignInAsync(Factory, "fa@example.org");
            clients[Visitor.Support] = await SignedInClients.SignInAsync(Factory, "sam@example.org");
        }

        public Task<HttpClient> ClientAsync(Visitor visitor) => Task.FromResult(clients[visitor]);

        public HttpClient ApiClient(Visitor visitor) => apiClients[visitor];

        /// <summary>A new open change on okafor-desktop, by someone who is none of the visitors, adding a package no other change adds.</summary>
        public async Task<int> OpenChangeOnOkaforAsync()
        {
            var package = "route-table-" + Guid.NewGuid().ToString("N")[..12];
            var details = await Factory.WithAsync<ChangeWorkflow, ChangeDetails>(workflow =>
                workflow.ProposeAsync(owner, "okafor-desktop", new ProposedChange(Add: [package], Reason: "route table")));
            return details.Change.Id;
        }

        /// <summary>A new rollout to one host, by someone who is none of the visitors: the id that names it.</summary>
        public async Task<long> RolloutToAsync(string hostName) =>
            (await Factory.WithAsync<RolloutCommands, RolloutSummary>(rollouts => rollouts.RollOutAsync(owner, null, [hostName]))).Id;

        /// <summary>A new personal access token of someone who is none of the visitors.</summary>
        public async Task<int> SomeoneElsesTokenAsync() =>
            (await Factory.WithAsync<PersonalAccessTokens, CreatedAccessToken>(tokens => tokens.CreateAsync(owner, "route table"))).Summary.Id;

        /// <summary>What any write through the API would change: compared before and after a refused call.</summary>
        public async Task<string> SnapshotAsync()
        {
            await using var db = Factory.CreateDbContext();
            var okafor = await db.Hosts.AsNoTracking().SingleAsync(h => h.Name == "okafor-desktop");
            var changes = (await db.ChangeRequests.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.Status }).ToListAsync())
                .Select(c => $"{c.Id}:{c.Status}");
            return string.Join(
                " ",
                $"hosts={await db.Hosts.CountAsync()}",
                $"families={await db.Families.CountAsync()}",
                $"okafor=family {okafor.FamilyId}, revision {okafor.CurrentRevisionNumber}",
                $"revisions={await db.Revisions.CountAsync()}",
                $"deployments={await db.Deployments.CountAsync()}",
                $"codes={await db.EnrolmentCodes.CountAsync()}",
                $"tokens={await db.PersonalAccessTokens.CountAsync()}",
                $"revoked={await db.PersonalAccessTokens.CountAsync(t => t.RevokedAt != null)}",
                $"credentials={await db.AgentCredentials.CountAsync()}",
                $"audit={await db.AuditEvents.CountAsync()}",
                $"changes=[{string.Join(",", changes)}]");
        }

        private static Deployment Deployment(Guid id, int hostId) => new()
        {
            Id = id,
            HostId = hostId,
            RevisionNumber = 1,
            RequestedBy = "Sam Support",
            CreatedAt = DateTimeOffset.UnixEpoch,
            Deadline = DateTimeOffset.UnixEpoch.AddDays(3),
        };

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }
}
