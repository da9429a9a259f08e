namespace FleetPortal.Web.Startup;

/// <summary>The portal's own settings, under <c>FleetPortal</c> in configuration.</summary>
public sealed class FleetPortalOptions
{
    public const string SectionKey = "FleetPortal";

    /// <summary>Where the SQLite database lives unless <c>ConnectionStrings:Fleet</c> says otherwise.</summary>
    public string DataDirectory { get; set; } = "data";
}
