namespace FleetPortal.Web.Services.Hosts;

/// <summary>A host's condition as the fleet list filters it.</summary>
public enum HostCondition
{
    /// <summary>Runs its newest revision.</summary>
    UpToDate,

    /// <summary>Has a newer revision than the one it last switched to.</summary>
    Behind,

    /// <summary>Reported that it needs a reboot.</summary>
    RebootNeeded,

    /// <summary>Its agent has never connected.</summary>
    NeverSeen,
}
