using System.Net;
using System.Net.Http.Json;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Changes;
using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.Hubs;

public sealed class DeskRequestStatusTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task Requests_ShowTheHostItsOwnDeskRequestsWithTheDecisionAndComment_AndNoOtherHostsOnes()
    {
        var (alice, aliceToken) = await portal.EnrolledHostAsync("alice-laptop");
        var (_, bobToken) = await portal.EnrolledHostAsync("bob-desktop");
        await portal.WithAsync<ChangeWorkflow>(async workflow =>
        {
            var asked = await workflow.RequestAtDeskAsync(Actor.AtDesk(alice.Id, alice.Name, "alice"), "inkscape", "school project");
            await workflow.RejectAsync(FleetSeed.Support, asked.Id, "Krita is already there; try it first");
        });

        var forAlice = await portal.CreateApiClient(aliceToken).GetFromJsonAsync<List<DeskRequestStatus>>(AgentProtocol.DeskRequestsPath);
        var forBob = await portal.CreateApiClient(bobToken).GetFromJsonAsync<List<DeskRequestStatus>>(AgentProtocol.DeskRequestsPath);
        var anonymous = await portal.CreateApiClient(null).GetAsync(AgentProtocol.DeskRequestsPath);

        var request = Assert.Single(forAlice!);
        Assert.Equal(("inkscape", "school project", "alice at alice-laptop"), (request.Packages, request.Reason, request.AskedBy));
        Assert.Equal(("Rejected", "Sam Support", "Krita is already there; try it first"), (request.Status, request.DecidedBy, request.Comment));
        Assert.Empty(forBob!);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
