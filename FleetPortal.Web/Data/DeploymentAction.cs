namespace FleetPortal.Web.Data;

public enum DeploymentAction
{
    /// <summary><c>nixos-rebuild switch</c>: build and activate now.</summary>
    Switch,

    /// <summary><c>nixos-rebuild boot</c>: build and make it the default at the next boot.</summary>
    Boot,

    /// <summary>Switch back to an earlier system generation.</summary>
    Rollback,
}
