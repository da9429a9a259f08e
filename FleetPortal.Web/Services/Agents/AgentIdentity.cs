using System.Globalization;
using System.Security.Claims;

namespace FleetPortal.Web.Services.Agents;

/// <summary>The one host a connection or request acts for, from its validated token.</summary>
public sealed record AgentIdentity(int HostId, string HostName, int CredentialId)
{
    /// <summary>"agent of alice-laptop": how the audit log names the agent.</summary>
    public string ActorName => $"agent of {HostName}";

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
