namespace FleetPortal.Web.Tests.Infrastructure;

/// <summary>What a portal that refused to start said, its inner errors included.</summary>
public static class StartFailure
{
    /// <summary>Starts the portal, expecting it to refuse; every message of the error, joined.</summary>
    public static string Of(PortalFactory portal)
    {
        var error = Assert.ThrowsAny<Exception>(() => portal.Services);
        var messages = new List<string>();
        for (Exception? inner = error; inner is not null; inner = inner.InnerException)
        {
            messages.Add(inner.Message);
        }

        return string.Join(" | ", messages);
    }
}
