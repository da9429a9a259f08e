using FleetPortal.Web.Services.Security;
using FleetPortal.Web.Startup;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests.Services;

public sealed class DemoAgentCodesTests
{
    [Fact]
    public async Task WithACodeDirectory_EachDemoHostAnAgentPlaysGetsAOneTimeCode_AndOnlyUntilItHasAnAgent()
    {
        var directory = Directory.CreateTempSubdirectory("fleetportal-demo-codes-").FullName;
        var portal = new PortalFactory().With(FleetBootstrap.DemoSeedKey, "true").With(DemoAgentCodes.DirectoryKey, directory);
        try
        {
            await using (var db = portal.CreateDbContext())
            {
                var files = Directory.GetFiles(directory).Order().ToList();
                Assert.Equal(["acme-design-01.code", "alice-laptop.code", "bob-desktop.code"], files.Select(Path.GetFileName));
                var hashes = await db.EnrolmentCodes.Select(c => new { c.HostName, c.CodeHash }).ToListAsync();
                Assert.All(files, file => Assert.Contains(
                    new { HostName = Path.GetFileNameWithoutExtension(file), CodeHash = SecretTokens.Hash(SecretTokens.NormaliseCode(File.ReadAllText(file).Trim())) },
                    hashes));
                var alice = await db.Hosts.SingleAsync(h => h.Name == "alice-laptop");
                db.AgentCredentials.Add(new Data.AgentCredential { HostId = alice.Id, TokenHash = SecretTokens.Hash("fpa_test"), CreatedAt = DateTimeOffset.UtcNow });
                await db.SaveChangesAsync();
            }

            foreach (var file in Directory.GetFiles(directory))
            {
                File.Delete(file);
            }

            portal = portal.Restart().With(DemoAgentCodes.DirectoryKey, directory);
            await using (portal.CreateDbContext())
            {
                Assert.Equal(["acme-design-01.code", "bob-desktop.code"], Directory.GetFiles(directory).Select(Path.GetFileName).Order());
            }
        }
        finally
        {
            portal.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }
}
