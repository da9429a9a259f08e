using System.Text;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Catalog;
using FleetPortal.Web.Tests.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.Catalog;

public sealed class CatalogImporterTests : PortalComponentTest
{
    private CatalogImporter Importer => Services.GetRequiredService<CatalogImporter>();

    private Actor sam = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        sam = await SignInAsync("Sam Support", Roles.Support);
    }

    private static MemoryStream Json(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Import_OfTheSampleCatalog_StoresEveryPackageUnderItsNameBelowPkgs()
    {
        await using var file = SampleCatalog.Open();

        var result = await Importer.ImportAsync(sam, file);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(SampleCatalog.PackageCount, result.PackageCount);
        await using var db = CreateDbContext();
        Assert.Equal(SampleCatalog.PackageCount, await db.CatalogPackages.CountAsync());
        var vlc = await db.CatalogPackages.SingleAsync(p => p.AttrPath == "vlc");
        Assert.Equal("3.0.21", vlc.Version);
        Assert.Contains("media player", vlc.Description);
        Assert.True(await db.CatalogPackages.AnyAsync(p => p.AttrPath == "nodePackages.\"@angular/cli\""));
        var import = await db.CatalogImports.SingleAsync();
        Assert.Equal((SampleCatalog.PackageCount, "Sam Support", Time.GetUtcNow()), (import.PackageCount, import.ImportedBy, import.ImportedAt));
        Assert.Single(await db.AuditEvents.Where(a => a.Action == "catalog.imported").ToListAsync());
    }

    [Fact]
    public async Task Import_WithAnUnusablePackageName_LeavesItOutAndSaysWhy()
    {
        var result = await Importer.ImportAsync(sam, Json("""{ "hello": { "name": "hello-1" }, "bad name;rm": { "name": "x" } }"""));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal((1, 1), (result.PackageCount, result.SkippedCount));
        Assert.StartsWith("\"bad name;rm\": ", Assert.Single(result.SkippedExamples!));
        await using var db = CreateDbContext();
        Assert.Equal(["hello"], await db.CatalogPackages.Select(p => p.AttrPath).ToListAsync());
    }

    [Fact]
    public async Task Import_OfABrokenFile_KeepsThePreviousCatalog()
    {
        await using (var file = SampleCatalog.Open())
        {
            await Importer.ImportAsync(sam, file);
        }

        var result = await Importer.ImportAsync(sam, Json("""{ "hello": { "name": "hello-1" }, "vlc": """));

        Assert.False(result.Succeeded);
        await using var db = CreateDbContext();
        Assert.Equal(SampleCatalog.PackageCount, await db.CatalogPackages.CountAsync());
        Assert.Equal(1, await db.CatalogImports.CountAsync());
    }

    [Theory]
    [InlineData("[1, 2, 3]", "JSON object of packages")]
    [InlineData("""{ "hello": { "name": "hello-1" }, "vlc": { "na""", "cut short")]
    [InlineData("", "empty")]
    [InlineData("""{ "hello": 42 }""", "\"hello\" is not an object")]
    [InlineData("{ }", "no packages")]
    [InlineData("""{ "hello": { "version": [1] } }""", "not valid JSON")]
    public async Task Import_OfSomethingThatIsNotACatalog_IsRefusedInWords(string json, string expected)
    {
        var result = await Importer.ImportAsync(sam, Json(json));

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Error);
        await using var db = CreateDbContext();
        Assert.Equal(0, await db.CatalogPackages.CountAsync());
    }

    [Fact]
    public async Task Import_OfAPackageLargerThanTheReadBuffer_ReadsItWhole()
    {
        var platforms = string.Join(",", Enumerable.Repeat("\"x86_64-linux\"", 20_000));
        var json = $$"""{ "a": { "version": "1" }, "big": { "version": "2", "meta": { "platforms": [{{platforms}}], "description": "large" } }, "z": { "version": "3" } }""";

        var result = await Importer.ImportAsync(sam, Json(json));

        Assert.True(result.Succeeded, result.Error);
        await using var db = CreateDbContext();
        Assert.Equal(["a", "big", "z"], await db.CatalogPackages.OrderBy(p => p.AttrPath).Select(p => p.AttrPath).ToListAsync());
        Assert.Equal("large", (await db.CatalogPackages.SingleAsync(p => p.AttrPath == "big")).Description);
    }

    [Fact]
    public async Task Search_FindsPackagesStartingWithTheTextFirst()
    {
        await using (var file = SampleCatalog.Open())
        {
            await Importer.ImportAsync(sam, file);
        }

        var found = await Services.GetRequiredService<CatalogQueries>().SearchAsync("python3");

        Assert.Equal("python3", found[0].AttrPath);
        Assert.Contains(found, p => p.AttrPath == "python3Packages.requests");
    }
}
