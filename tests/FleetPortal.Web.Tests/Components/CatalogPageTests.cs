using Bunit;
using FleetPortal.Web.Components.Pages.Catalog;
using FleetPortal.Web.Data;
using FleetPortal.Web.Tests.Catalog;
using Microsoft.AspNetCore.Components.Forms;

namespace FleetPortal.Web.Tests.Components;

public sealed class CatalogPageTests : PortalComponentTest
{
    [Fact]
    public async Task Render_BeforeAnyImport_SaysThereIsNoCatalog()
    {
        await SignInAsync("Sam Support", Roles.Support);
        var page = Render<CatalogPage>();

        Assert.Contains("No catalog has been imported yet", page.Find("#catalog-state").TextContent);
    }

    [Fact]
    public async Task Upload_OfTheSampleCatalog_ShowsHowManyPackagesAndWhen()
    {
        await SignInAsync("Sam Support", Roles.Support);
        var page = Render<CatalogPage>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(File.ReadAllBytes(SampleCatalog.Path), "catalog.json"));

        page.WaitForAssertion(() => Assert.Contains("Imported 298 packages from catalog.json", page.Find("#catalog-result").TextContent));
        Assert.Contains("298 packages, imported 2026-11-25", page.Find("#catalog-state").TextContent);
        Assert.Contains("by Sam Support", page.Find("#catalog-state").TextContent);
    }

    [Fact]
    public async Task Upload_OfAFileThatIsNotACatalog_SaysWhyAndImportsNothing()
    {
        await SignInAsync("Sam Support", Roles.Support);
        var page = Render<CatalogPage>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("[\"firefox\"]", "packages.json"));

        page.WaitForAssertion(() => Assert.Contains("Nothing was imported from packages.json: A catalog is a JSON object", page.Find("#catalog-result").TextContent));
        Assert.Contains("No catalog has been imported yet", page.Find("#catalog-state").TextContent);
    }
}
