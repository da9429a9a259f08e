using System.Security.Cryptography;
using FleetPortal.Core.Bundles;
using FleetPortal.Core.Deferrals;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Catalog;
using FleetPortal.Web.Services.Changes;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Hosts;
using FleetPortal.Web.Services.Users;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Startup;

/// <summary>
/// The demo fleet <c>./run.sh</c> starts with: two families, a handful of hosts with a real NixOS
/// configuration, a little history, one open request from a desk and one open change from staff,
/// and two people whose passwords are printed once to the console. Only into an empty fleet.
/// </summary>
public sealed class DemoFleet(
    IDbContextFactory<FleetDbContext> dbFactory,
    UserAccounts users,
    ChangeWorkflow workflow,
    DeploymentCommands deployments,
    CatalogImporter catalog,
    TimeProvider time,
    OperatorConsole console,
    ILogger<DemoFleet> logger)
{
    public const string SupportEmail = "support@fleetportal.local";
    public const string FamilyAdminEmail = "miller-admin@fleetportal.local";

    private static readonly (string Name, string Family, string Kind, string[] Packages)[] Hosts =
    [
        ("alice-laptop", "Miller family", "laptop", ["firefox", "git", "libreoffice"]),
        ("bob-desktop", "Miller family", "desktop", ["firefox", "steam", "vlc"]),
        ("grandma-pc", "Miller family", "desktop", ["firefox", "thunderbird"]),
        ("acme-design-01", "Acme Design", "workstation", ["gimp", "inkscape", "firefox", "_1password-gui"]),
        ("acme-design-02", "Acme Design", "workstation", ["gimp", "inkscape", "firefox", "_1password-gui"]),
        ("acme-render", "Acme Design", "server", ["blender", "htop"]),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Hosts.AnyAsync(cancellationToken) || await db.Families.AnyAsync(cancellationToken))
            {
                return;
            }
        }

        var families = await CreateFamiliesAsync(cancellationToken);
        var supportPassword = NewPassword();
        var adminPassword = NewPassword();
        var supportId = await users.CreateUncheckedAsync(
            new NewPortalUser(SupportEmail, "Sam Support", supportPassword, [Roles.Support]), cancellationToken);
        var adminId = await users.CreateUncheckedAsync(
            new NewPortalUser(FamilyAdminEmail, "Mia Miller", adminPassword, [Roles.FamilyAdmin], [families["Miller family"]]), cancellationToken);
        var support = Actor.ForUser(supportId, "Sam Support", [Roles.Support], []);
        var millerAdmin = Actor.ForUser(adminId, "Mia Miller", [Roles.FamilyAdmin], [families["Miller family"]]);
        var hosts = await CreateHostsAsync(families, cancellationToken);
        await using (var sample = File.OpenRead(SampleCatalog.Path))
        {
            await catalog.ImportAsync(support, sample, cancellationToken);
        }

        // A little history: an approved change that reached its host, one that failed, a redeploy.
        var vlc = await workflow.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["vlc"], Reason: "Alice wants to watch lecture recordings."), cancellationToken);
        var approved = await workflow.ApproveAsync(millerAdmin, vlc.Change.Id, "Fine for school.", cancellationToken);
        var kdenlive = await workflow.ProposeAsync(support, "bob-desktop", new ProposedChange(Add: ["kdePackages.kdenlive"], Reason: "Video editing for the school project."), cancellationToken);
        var failed = await workflow.ApproveAsync(millerAdmin, kdenlive.Change.Id, null, cancellationToken);
        await FinishAsync(approved.DeploymentId, hosts["alice-laptop"], succeeded: true, cancellationToken);
        await FinishAsync(failed.DeploymentId, hosts["bob-desktop"], succeeded: false, cancellationToken);
        var redeployed = await deployments.RedeployAsync(support, "grandma-pc", 1, cancellationToken);
        await FinishAsync(redeployed.Id, hosts["grandma-pc"], succeeded: true, cancellationToken);

        // Open work for the demo: a request from a desk, and a staff change waiting for a second person.
        await workflow.RequestAtDeskAsync(Actor.AtDesk(hosts["alice-laptop"], "alice-laptop", "alice"), "gimp", "For my art class homework.", cancellationToken);
        await workflow.ProposeAsync(support, "acme-render",
            new ProposedChange(Add: ["ffmpeg"], Remove: ["htop"], Reason: "Render pipeline needs ffmpeg; btop replaces htop later."), cancellationToken);

        logger.LogInformation("Seeded the demo fleet: {Hosts} hosts in {Families} families", hosts.Count, families.Count);

        // The passwords go to the console only, never to a log sink: they are shown this once.
        // One write, so that the lines stay together whatever else the portal prints.
        await console.Out.WriteAsync($"""

              Demo fleet created. Sign in at /Account/Login with (shown only this once):
                support staff:  {SupportEmail}  password {supportPassword}
                family admin:   {FamilyAdminEmail}  password {adminPassword}  (Miller family)


            """);
    }

    private async Task<Dictionary<string, int>> CreateFamiliesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var millers = new Family { Name = "Miller family", PromptMode = PromptMode.Ask, MaxDeferrals = 3, DeferralDeadline = TimeSpan.FromDays(3) };
        var acme = new Family { Name = "Acme Design", RequiresSecondApprover = true, PromptMode = PromptMode.Ask, MaxDeferrals = 2, DeferralDeadline = TimeSpan.FromDays(1) };
        db.Families.AddRange(millers, acme);
        await db.SaveChangesAsync(cancellationToken);
        return new Dictionary<string, int> { [millers.Name] = millers.Id, [acme.Name] = acme.Id };
    }

    private async Task<Dictionary<string, int>> CreateHostsAsync(Dictionary<string, int> families, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var created = new List<Host>();
        foreach (var (name, family, kind, packages) in Hosts)
        {
            var enrolled = now - TimeSpan.FromDays(30);
            var revision = RevisionBuilder.First(
                packages,
                [new BundleFile(BundleFileNames.Configuration, ConfigurationNix(name, kind)), new BundleFile("hardware-configuration.nix", HardwareConfigurationNix(kind))],
                $"agent of {name}",
                enrolled,
                "Imported from /etc/nixos at enrolment.");
            var host = new Host
            {
                Name = name,
                FamilyId = families[family],
                CreatedAt = enrolled,
                CurrentRevisionNumber = 1,
                Revisions = [revision],
                State = new HostState
                {
                    LastSeen = now - TimeSpan.FromMinutes(5 + created.Count * 37),
                    CurrentGeneration = 41 + created.Count,
                    BootedGeneration = 41 + created.Count,
                    NixosVersion = "25.05.20250612.abc1234 (Warbler)",
                    AgentVersion = "0.1.0",
                    AppliedRevisionNumber = 1,
                },
            };
            created.Add(host);
            db.Hosts.Add(host);
        }

        await db.SaveChangesAsync(cancellationToken);
        return created.ToDictionary(h => h.Name, h => h.Id);
    }

    /// <summary>Plays the agent's part for the history: the deployment ran, with a short log.</summary>
    private async Task FinishAsync(Guid deploymentId, int hostId, bool succeeded, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deployment = await db.Deployments.SingleAsync(d => d.Id == deploymentId, cancellationToken);
        var host = await db.Hosts.SingleAsync(h => h.Id == hostId, cancellationToken);
        var now = time.GetUtcNow();
        string[] lines = succeeded
            ? ["building the system configuration...", "these 3 derivations will be built:", "activating the configuration...", "setting up /etc...", "reloading user units for alice..."]
            : ["building the system configuration...", "building '/nix/store/8x2k1c0ml6q1v3d2-kdenlive-24.12.3.drv'...", "error: writing to file: No space left on device", "error: builder for '/nix/store/8x2k1c0ml6q1v3d2-kdenlive-24.12.3.drv' failed with exit code 1"];
        deployment.LogLines = lines.Select((text, i) => new DeploymentLogLine { Sequence = i, Text = text, At = now }).ToList();
        deployment.SentAt = deployment.AcknowledgedAt = deployment.StartedAt = now;
        deployment.FinishedAt = now;
        deployment.Status = succeeded ? DeploymentStatus.Succeeded : DeploymentStatus.Failed;
        if (succeeded)
        {
            deployment.ResultGeneration = (host.State.CurrentGeneration ?? 0) + 1;
            host.State.CurrentGeneration = deployment.ResultGeneration;
            host.State.AppliedRevisionNumber = deployment.RevisionNumber;
        }
        else
        {
            deployment.ExitCode = 1;
            deployment.Error = "nixos-rebuild exited with code 1: error: writing to file: No space left on device";
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static string NewPassword() =>
        RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ", 4) + "-"
        + RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyz", 4) + "-"
        + RandomNumberGenerator.GetString("23456789", 4);

    private static string ConfigurationNix(string hostName, string kind)
    {
        var desktop = kind == "server"
            ? "  services.openssh.enable = true;\n"
            : "  services.xserver.enable = true;\n  services.displayManager.sddm.enable = true;\n  services.desktopManager.plasma6.enable = true;\n  services.pipewire = {\n    enable = true;\n    pulse.enable = true;\n  };\n";
        return "{ config, pkgs, ... }:\n\n{\n  imports = [ ./hardware-configuration.nix ];\n\n"
            + "  boot.loader.systemd-boot.enable = true;\n  boot.loader.efi.canTouchEfiVariables = true;\n\n"
            + $"  networking.hostName = \"{hostName}\";\n  networking.networkmanager.enable = true;\n\n"
            + "  time.timeZone = \"Europe/Berlin\";\n  i18n.defaultLocale = \"en_GB.UTF-8\";\n\n"
            + desktop + "\n"
            + "  users.users.alice = {\n    isNormalUser = true;\n    extraGroups = [ \"networkmanager\" ];\n  };\n\n"
            + "  system.stateVersion = \"25.05\";\n}\n";
    }

    private static string HardwareConfigurationNix(string kind)
    {
        var modules = kind == "laptop" ? "\"xhci_pci\" \"nvme\" \"usb_storage\" \"sd_mod\"" : "\"xhci_pci\" \"ahci\" \"usbhid\" \"sd_mod\"";
        return "# Do not modify this file!  It was generated by 'nixos-generate-config'.\n"
            + "{ config, lib, pkgs, modulesPath, ... }:\n\n{\n"
            + "  imports = [ (modulesPath + \"/installer/scan/not-detected.nix\") ];\n\n"
            + $"  boot.initrd.availableKernelModules = [ {modules} ];\n"
            + "  boot.kernelModules = [ \"kvm-intel\" ];\n\n"
            + "  fileSystems.\"/\" = {\n    device = \"/dev/disk/by-label/nixos\";\n    fsType = \"ext4\";\n  };\n\n"
            + "  fileSystems.\"/boot\" = {\n    device = \"/dev/disk/by-label/boot\";\n    fsType = \"vfat\";\n  };\n\n"
            + "  nixpkgs.hostPlatform = lib.mkDefault \"x86_64-linux\";\n}\n";
    }
}
