using MudBlazor;

namespace FleetPortal.Web.Components.Layout;

/// <summary>The portal's colours, in a light and a dark palette; the system preference picks one.</summary>
public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3b6ea8",
            Secondary = "#5277c3",
            AppbarBackground = "#2b4f7a",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7ebae4",
            Secondary = "#a3c4ef",
            AppbarBackground = "#1e2a38",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
