using System.Globalization;
using System.Security.Claims;
using FleetPortal.Web.Services.Access;

namespace FleetPortal.Web.Services.Agents;

/// <summary>The one host a connection or request acts for, from its validated token.</summary>
public sealed record AgentIdentity(int HostId, string HostName, int CredentialId)
{
    /// <summary>The agent as the fleet's services see who acts.</summary>
    public Actor Actor => Actor.ForAgent(HostId, HostName);

    /// <summary>"agent of alice-laptop": how the audit log names the agent.</summary>
    public string ActorName => Actor.Description;

    public static AgentIdentity From(ClaimsPrincipal? user)
    {
        var hostId = user?.FindFirst(AgentTokenAuthentication.HostIdClaim)?.Value;
        var credentialId = user?.FindFirst(AgentTokenAuthentication.CredentialIdClaim)?.Value;
        var name = user?.FindFirst(ClaimTypes.Name)?.Value;
        if (hostId is null || credentialId is null || name is null)
        {
            throw new InvalidOperationException("The caller was not authenticated with a host token.");
        }

        return new AgentIdentity(int.Parse(hostId, CultureInfo.InvariantCulture), name, int.Parse(credentialId, CultureInfo.InvariantCulture));
    }
}
