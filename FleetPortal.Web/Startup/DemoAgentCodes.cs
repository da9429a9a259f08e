using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Enrolment;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Startup;

/// <summary>
/// For the demo's simulated agents: with <c>FleetPortal:Demo:AgentCodeDirectory</c>, writes a
/// one-time enrolment code to <c>&lt;directory&gt;/&lt;host&gt;.code</c> for each demo host an
/// agent plays that has no agent yet. <c>./run.sh</c> gives each agent its file as
/// <c>EnrollmentCodeFile</c>, so the machines enrol on their first start.
/// </summary>
public sealed class DemoAgentCodes(IDbContextFactory<FleetDbContext> dbFactory, EnrolmentCodes codes)
{
    public const string DirectoryKey = "FleetPortal:Demo:AgentCodeDirectory";

    public static readonly IReadOnlyList<string> HostNames = ["alice-laptop", "bob-desktop", "acme-design-01"];

    private static readonly Actor DemoSetUp = Actor.ForUser("demo-set-up", "the demo set-up", [Roles.Support], []);

    public async Task WriteAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var withoutAgent = await db.Hosts
            .Where(h => HostNames.Contains(h.Name) && !db.AgentCredentials.Any(c => c.HostId == h.Id && c.RevokedAt == null))
            .Select(h => h.Name)
            .ToListAsync(cancellationToken);
        foreach (var hostName in withoutAgent)
        {
            var created = await codes.CreateAsync(hostName, null, DemoSetUp, cancellationToken);
            var path = Path.Combine(directory, hostName + ".code");
            await File.WriteAllTextAsync(path, created.Code + "\n", cancellationToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
    }
}
