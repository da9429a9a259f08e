using System.Text.RegularExpressions;
using FleetPortal.Agent.Tests.Infrastructure;
using FleetPortal.EndToEnd.Tests.Infrastructure;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace FleetPortal.EndToEnd.Tests.Story;

/// <summary>
/// The whole story as the people who use FleetPortal meet it, in order: the built portal as a
/// process of its own on 127.0.0.1 (its SQLite file in a temporary folder), two real
/// <c>fleetportal-agent</c> daemons with stand-in system trees and the stand-in
/// <c>nixos-rebuild</c>, Alice's prompt on a private D-Bus session bus, and Chromium for support
/// staff and the family admin. Nothing reaches into the portal: the fleet is set up and read
/// through the API with the bootstrap admin token, the browser and the agent's command line, and
/// the SQLite file is read once the portal has stopped.
/// </summary>
public sealed class StoryTests : IAsyncLifetime
{
    /// <summary>The lines of a successful switch of the stand-in <c>nixos-rebuild</c>, in order (the last one goes on with the store path).</summary>
    private static readonly string[] RebuildLines =
    [
        "building Nix...",
        "building the system configuration...",
        "these 2 derivations will be built:",
        "/nix/store/5f3kq0sq7bb5k7ldd7g5i1nrd3zq2pw4-fleetportal-packages.drv",
        "/nix/store/0a4y6vfw1pz4rz8j9l5sbq7m0k4kswcz-nixos-system-standin.drv",
        "building '/nix/store/5f3kq0sq7bb5k7ldd7g5i1nrd3zq2pw4-fleetportal-packages.drv'...",
        "activating the configuration...",
        "setting up /etc...",
        "reloading user units for alice...",
        "Done. The new configuration is /nix/store/",
    ];

    private PortalProcess portal = default!;
    private FleetApi api = default!;
    private Chromium chromium = default!;
    private SessionBus bus = default!;
    private TestNotificationService notifications = default!;
    private AgentMachine alice = default!;
    private AgentMachine bob = default!;
    private IPage support = default!;
    private IPage familyAdmin = default!;
    private string failFile = "";
    private string lineGate = "";
    private List<(string Who, string Host, string What)> exportedOfAlice = [];

    public async Task InitializeAsync()
    {
        portal = await PortalProcess.StartAsync();
        api = new FleetApi(portal);
        chromium = await Chromium.LaunchAsync();
        bus = await SessionBus.StartAsync();
        notifications = await TestNotificationService.StartAsync(bus.Address);
        alice = new AgentMachine(portal.Address);
        bob = new AgentMachine(portal.Address);
        failFile = Path.Combine(alice.Folder, "fail-next-rebuild");
        lineGate = Path.Combine(alice.Folder, "rebuild-lines");
        alice.Environment["STANDIN_FAIL_FILE"] = failFile;
        alice.Environment["STANDIN_LINE_GATE"] = lineGate;
        alice.Environment["DBUS_SESSION_BUS_ADDRESS"] = bus.Address;
    }

    public async Task DisposeAsync()
    {
        await alice.DisposeAsync();
        await bob.DisposeAsync();
        notifications.Dispose();
        await bus.DisposeAsync();
        await chromium.DisposeAsync();
        api.Dispose();
        await portal.DisposeAsync();
    }

    [Fact]
    public async Task TheWholeStory_FromEnrolmentToTheAuditLog()
    {
        var miller = await api.CreateFamilyAsync("Miller");
        await api.CreateUserAsync("sam@example.org", "Sam Support", Roles.Support);
        await api.CreateUserAsync("mia@example.org", "Mia Miller", Roles.FamilyAdmin, miller.Id);

        await EnrolsFromACodeMadeInTheBrowserAsync();
        await SupportChangesPackagesAndTheFamilyAdminApprovesAsync();
        await AliceDefersThenUpgradesAndTheLogStreamsAsync();
        await AlicesRequestIsRejectedWithAComment();
        await AFailedRebuildIsRolledBackAsync();
        await AnAgentOfflineDuringTheApprovalGetsItOnReconnectOnceAsync();
        await TheFamilyIsRolledOutAndFollowedToItsEndAsync(miller.Id);
        await TheAuditLogShowsEveryStepAndItsExportMatchesAsync();
        await ThePortalStopsCleanlyAndItsDatabaseHoldsTheStoryAsync();
    }

    private async Task EnrolsFromACodeMadeInTheBrowserAsync()
    {
        support = await chromium.NewPageAsync(portal.Address);
        await support.SignInAsync("sam@example.org", Accounts.Password);
        var fleet = await support.Context.NewPageAsync();
        await fleet.GotoInteractiveAsync("");

        await support.GotoInteractiveAsync("enrol");
        await support.FillAsync("#enrol-host", "alice-laptop");
        await support.ClickAsync("#enrol-family");
        await support.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasText = "Miller" }).ClickAsync();
        await support.ClickAsync("#make-code");
        var code = (await support.Locator("#code").InnerTextAsync()).Trim();
        await support.ScreenshotAsync("story-1-enrolment-code");

        var (exitCode, output) = await alice.RunAsync("enroll", "--code", code);
        Assert.True(exitCode == 0, "enroll failed: " + output);
        await alice.RunDaemonAsync();

        // The overview opened before the machine existed shows it, online, without a reload.
        var row = fleet.Locator("tr", new PageLocatorOptions { Has = fleet.Locator(".host-link", new PageLocatorOptions { HasText = "alice-laptop" }) });
        await Assertions.Expect(row.Locator(".online-state")).ToHaveTextAsync("online");
        await fleet.ScreenshotAsync("story-1-online");
        await fleet.CloseAsync();

        await support.GotoInteractiveAsync("hosts/alice-laptop");
        await Assertions.Expect(support.Locator("#host-state")).ToContainTextAsync("1 (runs 1)");
        await support.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "History" }).ClickAsync();
        await Assertions.Expect(support.Locator("#revisions")).ToContainTextAsync("Configuration imported from alice-laptop");

        // The machine already had a few programs before the story: installed while nobody was logged in.
        var before = await api.ApproveAsync("alice-laptop", "firefox", "thunderbird");
        await api.WaitForStatusAsync(before.DeploymentId, DeploymentStatus.Succeeded);
        alice.Start("prompt");
        await Eventually.HoldsAsync(async () => (await alice.RunAsync("status")).Output.Contains("Generation:  2", StringComparison.Ordinal), "alice-laptop runs generation 2");
    }

    private async Task SupportChangesPackagesAndTheFamilyAdminApprovesAsync()
    {
        await support.GotoInteractiveAsync("hosts/alice-laptop");
        foreach (var package in new[] { "vlc", "gimp" })
        {
            await support.FillAsync("#package-input", package);
            await support.ClickAsync("#add-package");
            await Assertions.Expect(support.Locator("#package-list")).ToContainTextAsync(package);
        }

        await support.Locator(".package-chip", new PageLocatorOptions { HasText = "thunderbird" }).Locator(".mud-chip-close-button").ClickAsync();
        var diff = support.Locator("#proposal .package-diff");
        await Assertions.Expect(diff).ToContainTextAsync("+ vlc");
        await Assertions.Expect(diff).ToContainTextAsync("+ gimp");
        await Assertions.Expect(diff).ToContainTextAsync("- thunderbird");
        await support.FillAsync("#change-reason", "Videos and drawing for school");
        await support.Locator("#change-reason").BlurAsync();
        await support.ScreenshotAsync("story-2-proposal", fullPage: true);
        await support.ClickAsync("#propose-change");
        await Assertions.Expect(support.Locator("#proposal")).ToHaveCountAsync(0);

        familyAdmin = await chromium.NewPageAsync(portal.Address, width: 390, height: 844);
        await familyAdmin.SignInAsync("mia@example.org", Accounts.Password);
        await familyAdmin.GotoInteractiveAsync("approvals");
        var card = familyAdmin.Locator(".change-card");
        await Assertions.Expect(card.Locator(".change-sentence")).ToHaveTextAsync(
            "Sam Support wants to add gimp, add vlc, remove thunderbird on alice-laptop: Videos and drawing for school");
        await familyAdmin.ScreenshotAsync("story-2-approval");
        await card.Locator(".approve").ClickAsync();
        await Assertions.Expect(familyAdmin.Locator("#no-approvals")).ToBeVisibleAsync();
    }

    private async Task AliceDefersThenUpgradesAndTheLogStreamsAsync()
    {
        var deployment = await LatestDeploymentAsync("alice-laptop");
        await support.GotoInteractiveAsync($"deployments/{deployment.Id}");

        var question = await notifications.Shown.Reader.NextAsync("the upgrade question on Alice's desktop");
        Assert.Contains("gimp, vlc added", question.Body);
        Assert.Contains("Later", question.ActionLabels);
        notifications.Invoke(question, "later");
        await Assertions.Expect(support.Locator("#deployment-status")).ToContainTextAsync("deferred until");
        await support.ScreenshotAsync("story-3-deferred");

        var reminder = await notifications.Shown.Reader.NextAsync("the reminder after 'Later'");
        Assert.Contains("gimp, vlc added", reminder.Body);

        // The stand-in rebuild prints a line only when the test releases it: the page opened before
        // the rebuild started shows each line as the agent sends it, before the next exists.
        await support.EvaluateAsync("() => { window.fpOpenedBeforeTheRebuild = true; }");
        Directory.CreateDirectory(lineGate);
        notifications.Invoke(reminder, "now");
        var log = support.Locator("#deployment-log");
        for (var released = 1; released <= RebuildLines.Length; released++)
        {
            await File.WriteAllTextAsync(Path.Combine(lineGate, released.ToString(System.Globalization.CultureInfo.InvariantCulture)), "");
            var expected = RebuildLines[..released];
            await Eventually.HoldsAsync(
                async () => ShowsExactly(await log.InnerTextAsync(), expected),
                $"the open deployment page shows the log up to line {released}, \"{expected[^1]}\", and nothing after it");
            if (released == 6)
            {
                await support.ScreenshotAsync("story-3-log-streaming");
            }
        }

        Directory.Delete(lineGate, recursive: true);
        await Assertions.Expect(support.Locator("#deployment-status")).ToContainTextAsync("succeeded");
        Assert.True(await support.EvaluateAsync<bool>("() => window.fpOpenedBeforeTheRebuild === true"), "the deployment page was not reloaded");
        await Assertions.Expect(support.GetByText("generation 3")).ToBeVisibleAsync();
        await support.ScreenshotAsync("story-3-succeeded");
        Assert.Contains("pkgs.vlc", alice.SystemTree.CurrentSystemFile("fleetportal-packages.nix"));

        await support.GotoInteractiveAsync("hosts/alice-laptop");
        await Assertions.Expect(support.Locator("#host-state")).ToContainTextAsync("3 (runs 3)");
        await Assertions.Expect(support.Locator("#host-state")).ToContainTextAsync(new Regex(@"Current generation\s*3"));
    }

    private async Task AlicesRequestIsRejectedWithAComment()
    {
        var (exitCode, output) = await alice.RunAsync("request", "inkscape", "--reason", "school project");
        Assert.True(exitCode == 0, output);

        await familyAdmin.GotoInteractiveAsync("approvals");
        var card = familyAdmin.Locator(".change-card");
        await Assertions.Expect(card.Locator(".change-sentence")).ToHaveTextAsync($"{Environment.UserName} at alice-laptop asks for inkscape: school project");
        await card.Locator(".decision-comment input").FillAsync("Krita is already there; try it first");
        await familyAdmin.ScreenshotAsync("story-4-desk-request");
        await card.Locator(".reject").ClickAsync();
        await Assertions.Expect(familyAdmin.Locator("#no-approvals")).ToBeVisibleAsync();

        var change = Assert.Single(await api.ChangesAsync("alice-laptop"), c => c.Kind == ChangeKind.DeskRequest);
        Assert.Equal(ChangeStatus.Rejected, change.Status);
        var (_, status) = await alice.RunAsync("status");
        Assert.Contains("Request:     inkscape", status);
        Assert.Contains("rejected by Mia Miller: \"Krita is already there; try it first\"", status);
    }

    private async Task AFailedRebuildIsRolledBackAsync()
    {
        await File.WriteAllTextAsync(failFile, "");
        var failing = await api.ApproveAsync("alice-laptop", "krita");
        notifications.Invoke(await notifications.Shown.Reader.NextAsync("the question for krita"), "now");
        await support.GotoInteractiveAsync($"deployments/{failing.DeploymentId}");
        await Assertions.Expect(support.Locator("#deployment-status")).ToContainTextAsync("failed");
        await Assertions.Expect(support.Locator("#deployment-error")).ToContainTextAsync("undefined variable 'nonexistent'");
        await Assertions.Expect(support.Locator("#deployment-log")).ToContainTextAsync("error: undefined variable 'nonexistent'");
        await support.ScreenshotAsync("story-5-failed");
        File.Delete(failFile);

        await support.GotoInteractiveAsync("hosts/alice-laptop");
        await support.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Deployments" }).ClickAsync();
        await Assertions.Expect(support.Locator("#rollback-generation")).ToHaveValueAsync("2");
        await support.ClickAsync("#roll-back");
        await Eventually.HoldsAsync(async () => (await LatestDeploymentAsync("alice-laptop")).Action == DeploymentAction.Rollback, "the rollback is a deployment");
        var rollback = await LatestDeploymentAsync("alice-laptop");
        await AnswerNowIfAskedAsync(rollback.Id);
        await api.WaitForStatusAsync(rollback.Id, DeploymentStatus.Succeeded);
        await Assertions.Expect(support.Locator("#host-deployments tbody tr").First).ToContainTextAsync("succeeded");
        await Assertions.Expect(support.Locator("#host-state")).ToContainTextAsync(new Regex(@"Current generation\s*2"));
        await support.ScreenshotAsync("story-5-rolled-back");
    }

    private async Task AnAgentOfflineDuringTheApprovalGetsItOnReconnectOnceAsync()
    {
        var code = await api.EnrolmentCodeAsync("bob-desktop");
        var (exitCode, output) = await bob.RunAsync("enroll", "--code", code);
        Assert.True(exitCode == 0, "enroll failed: " + output);
        var daemon = await bob.RunDaemonAsync();
        await daemon.KillAsync();
        await Eventually.HoldsAsync(async () => !(await api.HostAsync("bob-desktop")).Status.IsOnline, "the portal sees bob-desktop go offline");

        var approved = await api.ApproveAsync("bob-desktop", "steam");
        await support.GotoInteractiveAsync($"deployments/{approved.DeploymentId}");
        await Assertions.Expect(support.Locator("#deployment-status")).ToContainTextAsync("pending");
        await Assertions.Expect(support.GetByText("waiting for the host to connect")).ToBeVisibleAsync();
        await support.ScreenshotAsync("story-6-waiting");

        await bob.RunDaemonAsync();
        await Assertions.Expect(support.Locator("#deployment-status")).ToContainTextAsync("succeeded");
        Assert.Single(bob.SystemTree.RebuildRuns);
        var delivered = await api.AuditAsync("bob-desktop", AuditActions.DeploymentDelivered);
        Assert.Single(delivered.Items, e => e.DeploymentId == approved.DeploymentId);
    }

    private async Task TheFamilyIsRolledOutAndFollowedToItsEndAsync(int millerId)
    {
        await api.MoveToFamilyAsync("bob-desktop", millerId);
        await support.GotoInteractiveAsync("deployments");
        await support.ClickAsync("#rollout-family");
        await support.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasText = "Miller" }).ClickAsync();
        await support.ClickAsync("#rollout-button");
        await Assertions.Expect(support.Locator("#family-confirm")).ToContainTextAsync("each of the 2 hosts of Miller");
        await support.ClickAsync("#family-confirm-button");

        // The page follows the rollout it made: its progress, live, above only its deployments.
        await Assertions.Expect(support).ToHaveURLAsync(new Regex(@"/deployments\?rollout=\d+$"));
        await Assertions.Expect(support.Locator("#rollout-description")).ToHaveTextAsync("Rollout of their current revisions to the 2 hosts of family Miller requested.");
        await Assertions.Expect(support.Locator("#deployments tbody tr")).ToHaveCountAsync(2);
        await AnswerNowIfAskedAsync((await LatestDeploymentAsync("alice-laptop")).Id);
        await Assertions.Expect(support.Locator("#rollout-progress .rollout-summary")).ToHaveTextAsync("Finished: 2 hosts done.");
        await Assertions.Expect(support.Locator("#rollout-progress .rollout-counts")).ToHaveTextAsync("2 succeeded");
        // The bar slides to its end: the picture waits until it is there.
        await support.WaitForFunctionAsync("() => document.querySelector('#rollout-progress .rollout-bar .mud-progress-linear-bar')?.getAnimations().length === 0");
        await support.ScreenshotAsync("story-6-rollout-finished");

        var rolloutId = long.Parse(new Uri(support.Url).Query.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
        var progress = await api.RolloutAsync(rolloutId);
        Assert.Equal((2, 2, true), (progress.Hosts, progress.Succeeded, progress.Finished));

        // The menu's Rollouts lists it first, finished, and leads back to it.
        await Assertions.Expect(support.Locator("a.mud-nav-link[href='rollouts']")).ToHaveTextAsync("Rollouts");
        await support.GotoInteractiveAsync("rollouts");
        var newest = support.Locator("#rollouts tbody tr").First;
        await Assertions.Expect(newest.Locator(".rollout-summary")).ToHaveTextAsync("Finished: 2 hosts done.");
        await support.WaitForFunctionAsync("() => document.querySelector('#rollouts .rollout-bar .mud-progress-linear-bar')?.getAnimations().length === 0");
        await support.ScreenshotAsync("story-6-rollouts");
        await newest.Locator(".rollout-link").ClickAsync();
        await Assertions.Expect(support).ToHaveURLAsync(new Regex($@"/deployments\?rollout={rolloutId}$"));
        await Assertions.Expect(support.Locator("#rollout-description")).ToHaveTextAsync("Rollout of their current revisions to the 2 hosts of family Miller requested.");
    }

    private async Task TheAuditLogShowsEveryStepAndItsExportMatchesAsync()
    {
        await support.GotoInteractiveAsync("audit");
        await support.FillAsync("#filter-host", "alice-laptop");
        var rows = support.Locator("table tbody tr");
        await Assertions.Expect(rows.Filter(new LocatorFilterOptions { HasText = "bob-desktop" })).ToHaveCountAsync(0);
        string[] steps =
        [
            $"agent of alice-laptop alice-laptop * {AuditActions.HostEnrolled}",
            $"Sam Support alice-laptop * {AuditActions.ChangeProposed}",
            $"Mia Miller alice-laptop * {AuditActions.ChangeApproved}",
            $"* alice-laptop * {AuditActions.DeploymentDeferred}",
            $"* alice-laptop * {AuditActions.DeploymentSucceeded}",
            $"{Environment.UserName} at alice-laptop alice-laptop * {AuditActions.ChangeRequestedAtDesk}",
            $"Mia Miller alice-laptop * {AuditActions.ChangeRejected}",
            $"* alice-laptop * {AuditActions.DeploymentFailed}",
        ];
        var table = await TableRowsAsync(rows);
        await support.ScreenshotAsync("story-7-audit-log");

        var export = await support.Context.APIRequest.GetAsync(await support.Locator("#export-csv").GetAttributeAsync("href") ?? "");
        Assert.Equal(200, export.Status);
        var csv = CsvRows(await export.TextAsync());
        Assert.Equal("time,actor,action,host,change_request,deployment,details", string.Join(',', csv[0]));
        var exported = csv.Skip(1).Select(r => (Who: r[1], Host: r[3], What: r[2])).ToList();

        Assert.Equal((await api.AuditAsync("alice-laptop")).TotalCount, exported.Count);
        exportedOfAlice = exported;

        // The page shows the newest 50, the export all of them, oldest first: every row shown is exported.
        Assert.Equal(Math.Min(exported.Count, 50), table.Count);
        var unmatched = exported.ToList();
        Assert.All(table, row => Assert.True(unmatched.Remove(row), $"the export holds the row {row}"));
        foreach (var step in steps)
        {
            var parts = step.Split(' ');
            var (who, what) = (string.Join(' ', parts[..^3]), parts[^1]);
            Assert.Contains(exported, e => e.What == what && e.Host == "alice-laptop" && (who == "*" || e.Who == who));
        }
    }

    /// <summary>SIGTERM, as systemd stops it: the portal ends by itself, and its SQLite file holds the story's audit log.</summary>
    private async Task ThePortalStopsCleanlyAndItsDatabaseHoldsTheStoryAsync()
    {
        // People close their pages first: an open Blazor page reconnects while the portal stops, which
        // holds the stop until the host's shutdown timeout (dotnet/aspnetcore#58947).
        await support.Context.CloseAsync();
        await familyAdmin.Context.CloseAsync();
        await portal.StopAsync();
        Assert.True(portal.ExitCode == 0, $"the portal exited with {portal.ExitCode} on SIGTERM. Its output:\n{portal.Output}");

        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = portal.DatabaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        // A rollout's one event names no host: it is Alice's through her deployment that points to it.
        query.CommandText = """
            SELECT Actor, Action FROM AuditEvents WHERE HostName = 'alice-laptop'
                OR Id IN (SELECT d.RolloutEventId FROM Deployments d JOIN Hosts h ON h.Id = d.HostId WHERE h.Name = 'alice-laptop')
            """;
        var stored = new List<(string Who, string What)>();
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        // Every exported event is in the file (the stop itself may add some, as the agents' connections end).
        Assert.All(exportedOfAlice, row => Assert.True(stored.Remove((row.Who, row.What)), $"the database file holds {row}"));
    }

    private async Task<List<(string Who, string Host, string What)>> TableRowsAsync(ILocator rows)
    {
        await Assertions.Expect(rows.First).ToContainTextAsync("alice-laptop");
        var result = new List<(string, string, string)>();
        foreach (var row in await rows.AllAsync())
        {
            var cells = row.Locator("td");
            result.Add((
                (await cells.Nth(1).InnerTextAsync()).Trim(),
                (await cells.Nth(2).InnerTextAsync()).Trim(),
                (await cells.Nth(3).Locator(".mud-chip").InnerTextAsync()).Trim()));
        }

        return result;
    }

    /// <summary>RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    private static List<string[]> CsvRows(string text)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                fields.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                rows.Add([.. fields]);
                fields.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        return rows;
    }

    /// <summary>A rollback may ask at the desk like any deployment; answers "Upgrade now" if it does.</summary>
    private async Task AnswerNowIfAskedAsync(Guid deploymentId)
    {
        await Eventually.HoldsAsync(
            async () => notifications.Shown.Reader.TryPeek(out _) || (await api.DeploymentAsync(deploymentId)).Deployment.Status is DeploymentStatus.Running or DeploymentStatus.Succeeded,
            "the rollback is asked about or starts");
        if (notifications.Shown.Reader.TryRead(out var question))
        {
            notifications.Invoke(question, "now");
        }
    }

    private async Task<DeploymentSummary> LatestDeploymentAsync(string hostName) => (await api.DeploymentsAsync(hostName))[0];

    /// <summary>Whether the log's lines are exactly the expected ones (the last one may go on).</summary>
    private static bool ShowsExactly(string log, string[] expected)
    {
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == expected.Length
            && lines[..^1].SequenceEqual(expected[..^1])
            && lines[^1].StartsWith(expected[^1], StringComparison.Ordinal);
    }
}
