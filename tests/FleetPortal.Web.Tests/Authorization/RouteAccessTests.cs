using System.Net;
using FleetPortal.Web.Data;
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

        public PortalFactory Factory { get; } = new();

        public async Task InitializeAsync()
        {
            await using (var db = Factory.CreateDbContext())
            {
                db.Families.AddRange(new Family { Name = "Miller" }, new Family { Name = "Okafor" });
                await db.SaveChangesAsync();
            }

            await SignedInClients.CreateAccountAsync(Factory, "nobody@example.org", role: null);
            await SignedInClients.CreateAccountAsync(Factory, "fa@example.org", Roles.FamilyAdmin, 1);
            await SignedInClients.CreateAccountAsync(Factory, "sam@example.org", Roles.Support);
            clients[Visitor.Anonymous] = SignedInClients.Anonymous(Factory);
            clients[Visitor.NoRole] = await SignedInClients.SignInAsync(Factory, "nobody@example.org");
            clients[Visitor.FamilyAdmin] = await SignedInClients.SignInAsync(Factory, "fa@example.org");
            clients[Visitor.Support] = await SignedInClients.SignInAsync(Factory, "sam@example.org");
        }

        public Task<HttpClient> ClientAsync(Visitor visitor) => Task.FromResult(clients[visitor]);

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }
}
