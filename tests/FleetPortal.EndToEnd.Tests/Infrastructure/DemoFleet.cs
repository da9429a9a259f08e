using FleetPortal.Core.Bundles;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Catalog;
using FleetPortal.Web.Services.Hosts;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.EndToEnd.Tests.Infrastructure;

/// <summary>A small fleet for the browser to look at: two families, a dozen hosts in various states, the sample catalog.</summary>
public static class DemoFleet
{
    public const string ConfigurationNix = "{ config, pkgs, ... }:\n{\n  imports = [ ./hardware-configuration.nix ];\n  networking.hostName = \"alice-laptop\";\n  services.xserver.enable = true;\n  services.xserver.desktopManager.gnome.enable = true;\n  time.timeZone = \"Europe/Berlin\";\n}\n";

    public static async Task<(int Miller, int Okafor)> CreateAsync(PortalFactory portal)
    {
        int miller, okafor;
        await using (var db = portal.CreateDbContext())
        {
            var families = new[] { new Family { Name = "Miller" }, new Family { Name = "Okafor" } };
            db.Families.AddRange(families);
            await db.SaveChangesAsync();
            (miller, okafor) = (families[0].Id, families[1].Id);
            var now = DateTimeOffset.UtcNow;
            var hosts = new (string Name, int Family, bool Online, int Applied, bool Reboot, string[] Packages)[]
            {
                ("alice-laptop", miller, true, 1, false, ["firefox", "libreoffice", "thunderbird"]),
                ("bob-desktop", miller, true, 1, true, ["firefox", "gimp", "steam"]),
                ("miller-kitchen", miller, false, 1, false, ["firefox"]),
                ("grandma-pc", miller, false, 0, false, ["firefox", "zoom-us"]),
                ("ada-laptop", okafor, true, 1, false, ["firefox", "vscode", "git"]),
                ("okafor-studio", okafor, true, 1, false, ["blender", "krita", "obs-studio"]),
                ("tobi-tablet", okafor, false, 1, false, ["firefox", "gcompris"]),
                ("okafor-server", okafor, true, 1, true, ["nextcloud-client", "restic"]),
            };
            foreach (var h in hosts)
            {
                var revision = RevisionBuilder.First(
                    h.Packages,
                    [new BundleFile("configuration.nix", ConfigurationNix.Replace("alice-laptop", h.Name)), new BundleFile("hardware-configuration.nix", "{ ... }:\n{\n  fileSystems.\"/\" = { device = \"/dev/nvme0n1p2\"; fsType = \"ext4\"; };\n}\n")],
                    $"agent of {h.Name}",
                    now.AddDays(-30));
                db.Hosts.Add(new Host
                {
                    Name = h.Name,
                    FamilyId = h.Family,
                    CreatedAt = now.AddDays(-30),
                    CurrentRevisionNumber = 1,
                    Revisions = [revision],
                    State = new HostState
                    {
                        IsOnline = h.Online,
                        LastSeen = h.Online ? now : now.AddHours(-26),
                        AppliedRevisionNumber = h.Applied == 0 ? null : h.Applied,
                        CurrentGeneration = 41,
                        BootedGeneration = h.Reboot ? 40 : 41,
                        NixosVersion = "24.11.710315.b681065d0919",
                        AgentVersion = "0.1.0",
                        RebootNeeded = h.Reboot,
                    },
                });
            }

            await db.SaveChangesAsync();
        }

        await Accounts.CreateAsync(portal, "sam@example.org", "Sam Support", Roles.Support);
        var support = Actor.ForUser("seed", "Sam Support", [Roles.Support], []);
        await using var scope = portal.Services.CreateAsyncScope();
        await using var catalog = File.OpenRead(SampleCatalogPath);
        await scope.ServiceProvider.GetRequiredService<CatalogImporter>().ImportAsync(support, catalog);
        return (miller, okafor);
    }

    public static string SampleCatalogPath { get; } =
        Path.Combine(RepositoryRoot.Path, "FleetPortal.Web", "SampleData", "catalog.sample.json");
}
