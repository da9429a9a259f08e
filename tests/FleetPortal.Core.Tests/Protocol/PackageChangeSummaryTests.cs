using FleetPortal.Core.Protocol;

namespace FleetPortal.Core.Tests.Protocol;

public sealed class PackageChangeSummaryTests
{
    [Theory]
    [InlineData("", "vlc firefox", "firefox, vlc added")]
    [InlineData("firefox vlc git", "git", "firefox, vlc removed")]
    [InlineData("git vlc", "vlc python3Packages.requests firefox", "firefox, python3Packages.requests added; git removed")]
    [InlineData("vlc git", "git vlc", "configuration updated")]
    [InlineData("", "", "configuration updated")]
    [InlineData("vlc vlc", "vlc Vlc Vlc", "Vlc added")]
    public void Describe_NamesWhatWasAddedAndRemoved_InOrdinalOrder_EachOnce(string before, string after, string summary) =>
        Assert.Equal(summary, PackageChangeSummary.Describe(Names(before), Names(after)));

    private static string[] Names(string list) => list.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
