namespace FleetPortal.Core.Protocol;

public enum RebuildAction
{
    /// <summary><c>nixos-rebuild switch</c>.</summary>
    Switch,

    /// <summary><c>nixos-rebuild boot</c>: active from the next boot.</summary>
    Boot,

    /// <summary>Switch back to an earlier generation: <c>nix-env --switch-generation</c> then its <c>switch-to-configuration switch</c>.</summary>
    Rollback,
}
