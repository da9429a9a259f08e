namespace FleetPortal.Web.Services.Access;

public enum ActorKind
{
    /// <summary>A person signed in to the portal or calling the API with their token.</summary>
    PortalUser,

    /// <summary>A host's agent, authenticated with its host token.</summary>
    Agent,

    /// <summary>The person at a host's desk, speaking through that host's agent.</summary>
    Desk,

    /// <summary>The portal itself, doing work nobody asked for at that moment (periodic work).</summary>
    Portal,
}
