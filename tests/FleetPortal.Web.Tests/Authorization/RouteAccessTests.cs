using System.Net;
using System.Net.Http.Json;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
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

    public static TheoryData<string, string, Visitor, Outcome> ApiTable()
    {
        var table = new TheoryData<string, string, Visitor, Outcome>();
        void Route(string method, string path, Outcome anonymous, Outcome noRole, Outcome familyAdmin, Outcome support)
        {
            table.Add(method, path, Visitor.Anonymous, anonymous);
            table.Add(method, path, Visitor.NoRole, noRole);
            table.Add(method, path, Visitor.FamilyAdmin, familyAdmin);
            table.Add(method, path, Visitor.Support, support);
        }

        const Outcome A = Outcome.Allowed, S = Outcome.SignIn, D = Outcome.Denied;
        Route("GET", "/api/hosts", S, A, A, A);
        Route("GET", "/api/hosts/miller-laptop", S, D, A, A);
        Route("GET", "/api/hosts/okafor-desktop", S, D, D, A);
        Route("GET", "/api/hosts/okafor-desktop/revisions", S, D, D, A);
        Route("GET", "/api/hosts/okafor-desktop/deployments", S, D, D, A);
        Route("GET", $"/api/deployments/{MillerDeployment}", S, D, A, A);
        Route("GET", $"/api/deployments/{OkaforDeployment}", S, D, D, A);
        Route("GET", "/api/changes", S, A, A, A);
        Route("GET", "/api/families", S, A, A, A);
        Route("GET", "/api/audit", S, A, A, A);
        Route("GET", "/api/tokens", S, A, A, A);
        Route("POST", "/api/hosts/okafor-desktop/enrolment-codes", S, D, D, A);
        Route("POST", "/api/hosts/okafor-desktop/changes", S, D, D, A);
        return table;
    }

    /// <summary>The automation API with each visitor's personal access token (none for anonymous).</summary>
    [Theory]
    [MemberData(nameof(ApiTable))]
    public async Task Api_GivesEachTokenWhatItsOwnersRoleAndFamiliesAllow(string method, string path, Visitor visitor, Outcome expected)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { add = new[] { "vlc" }, reason = "route table" });
        }

        var response = await portal.ApiClient(visitor).SendAsync(request);

        var outcome = response.StatusCode switch
        {
            HttpStatusCode.OK or HttpStatusCode.Created => Outcome.Allowed,
            HttpStatusCode.Unauthorized => Outcome.SignIn,
            HttpStatusCode.Forbidden or HttpStatusCode.NotFound => Outcome.Denied,
            _ => throw new Xunit.Sdk.XunitException($"{method} {path} gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}"),
        };
        Assert.Equal(expected, outcome);
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

        public PortalFactory Factory { get; } = new();

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
            clients[Visitor.Anonymous] = SignedInClients.Anonymous(Factory);
            clients[Visitor.NoRole] = await SignedInClients.SignInAsync(Factory, "nobody@example.org");
            clients[Visitor.FamilyAdmin] = await SignedInClients.SignInAsync(Factory, "fa@example.org");
            clients[Visitor.Support] = await SignedInClients.SignInAsync(Factory, "sam@example.org");
        }

        public Task<HttpClient> ClientAsync(Visitor visitor) => Task.FromResult(clients[visitor]);

        public HttpClient ApiClient(Visitor visitor) => apiClients[visitor];

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
