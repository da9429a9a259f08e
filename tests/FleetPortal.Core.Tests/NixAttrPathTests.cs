using FleetPortal.Core.Packages;

namespace FleetPortal.Core.Tests;

public sealed class NixAttrPathTests
{
    [Theory]
    [InlineData("firefox")]
    [InlineData("python3Packages.requests")]
    [InlineData("_1password-gui")]
    [InlineData("nodePackages.\"@angular/cli\"")]
    [InlineData("kdePackages.kate")]
    public void Parse_AcceptsPackageNamesFromNixpkgs(string name) =>
        Assert.Equal(name, NixAttrPath.Parse(name).Value);
}
