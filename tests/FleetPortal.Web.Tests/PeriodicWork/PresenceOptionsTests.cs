using FleetPortal.Web.Services.Agents;
using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.PeriodicWork;

/// <summary>A bad presence timeout stops the portal at start-up, saying which setting and why.</summary>
public sealed class PresenceOptionsTests
{
    private const string Key = PresenceOptions.SectionKey + ":Timeout";

    [Theory]
    [InlineData("00:00:05", "it must be from 00:00:30 to 1.00:00:00")]
    [InlineData("2.00:00:00", "it must be from 00:00:30 to 1.00:00:00")]
    [InlineData("-00:03:00", "it must be from 00:00:30 to 1.00:00:00")]
    [InlineData("three minutes", "TimeSpan")]
    public void Start_WithABadPresenceTimeout_FailsNamingTheSettingAndWhatIsWrong(string value, string why)
    {
        using var portal = new PortalFactory().With(Key, value);

        var messages = StartFailure.Of(portal);

        Assert.Contains(Key, messages);
        Assert.Contains(why, messages);
        Assert.False(File.Exists(Path.Combine(portal.DataDirectory, "fleetportal.db")), "Nothing is written on a bad setting.");
    }

    [Fact]
    public void Start_WithAPresenceTimeoutInRange_Starts()
    {
        using var portal = new PortalFactory().With(Key, "00:00:30");

        var options = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<PresenceOptions>>(portal.Services).Value;

        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)), (options.Timeout, options.VouchInterval, options.Silence));
    }
}
