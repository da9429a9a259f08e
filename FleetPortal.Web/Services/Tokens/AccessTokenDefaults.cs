namespace FleetPortal.Web.Services.Tokens;

public static class AccessTokenDefaults
{
    /// <summary>The authentication scheme of the automation API: <c>Authorization: Bearer &lt;personal access token&gt;</c>.</summary>
    public const string Scheme = "AccessToken";
}
