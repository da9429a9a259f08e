using FleetPortal.Web.Data;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests.Database;

/// <summary>
/// The portal's SQLite file, written by many at once: one write at a time, queued without a thread,
/// reads never held up, and a write that failed or was abandoned never keeps the next one out.
/// </summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task Portal_KeepsItsDatabaseInWriteAheadLogMode()
    {
        await using var db = portal.CreateDbContext();
        await using var connection = new SqliteConnection(db.Database.GetConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Writers_ManyAtOnce_AllLand()
    {
        await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            await using var db = portal.CreateDbContext();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Families.Add(new Family { Name = $"family-{i:00}" });
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        })).WaitAsync(Patience);

        await using var check = portal.CreateDbContext();
        Assert.Equal(40, await check.Families.CountAsync(f => f.Name.StartsWith("family-")));
    }

    [Fact]
    public async Task Writes_WhileATransactionIsOpen_WaitForItWhileReadsGoOn()
    {
        await using var holder = portal.CreateDbContext();
        var transaction = await holder.Database.BeginTransactionAsync();
        holder.Families.Add(new Family { Name = "held" });
        await holder.SaveChangesAsync();

        var writers = Enumerable.Range(0, 20).Select(async i =>
        {
            await using var db = portal.CreateDbContext();
            db.Families.Add(new Family { Name = $"waiting-{i:00}" });
            await db.SaveChangesAsync();
        }).ToList();
        await using (var reader = portal.CreateDbContext())
        {
            // Read while the transaction holds the write: nothing uncommitted is seen, and the read does not wait.
            Assert.Equal(0, await reader.Families.CountAsync(f => f.Name == "held" || f.Name.StartsWith("waiting-")).WaitAsync(Patience));
        }

        await transaction.CommitAsync();
        await transaction.DisposeAsync();
        await Task.WhenAll(writers).WaitAsync(Patience);

        await using var check = portal.CreateDbContext();
        Assert.Equal(21, await check.Families.CountAsync(f => f.Name == "held" || f.Name.StartsWith("waiting-")));
    }

    [Fact]
    public async Task Writes_MadeAfterOthers_LetTheOthersThatWaitGoFirst()
    {
        await using var holder = portal.CreateDbContext();
        var gate = SqliteWriteGate.Of(holder.Database.GetConnectionString());
        var transaction = await holder.Database.BeginTransactionAsync();

        async Task AddAsync(string name)
        {
            await using var db = portal.CreateDbContext();
            db.Families.Add(new Family { Name = name });
            await db.SaveChangesAsync();
        }

        async Task AddAfterOthersAsync(string name)
        {
            using var afterOthers = SqliteWriteGate.AfterOthers();
            await AddAsync(name);
        }

        var later = AddAfterOthersAsync("report-first-to-wait");
        await Eventually.HoldsAsync(() => gate.Waiting == 1, "the report waits");
        var sooner = AddAsync("hello-second-to-wait");
        await Eventually.HoldsAsync(() => gate.Waiting == 2, "the hello waits");
        var laterStill = AddAfterOthersAsync("report-third-to-wait");
        await Eventually.HoldsAsync(() => gate.Waiting == 3, "the second report waits");
        await transaction.CommitAsync();
        await transaction.DisposeAsync();
        await Task.WhenAll(later, sooner, laterStill).WaitAsync(Patience);

        // Ids count up in the order the rows were written.
        await using var check = portal.CreateDbContext();
        Assert.Equal(
            ["hello-second-to-wait", "report-first-to-wait", "report-third-to-wait"],
            await check.Families.Where(f => f.Name.EndsWith("-to-wait")).OrderBy(f => f.Id).Select(f => f.Name).ToListAsync());
        Assert.Equal(0, gate.Waiting);
    }

    [Fact]
    public async Task Transaction_AbandonedWithoutCommit_LetsTheNextWriterIn()
    {
        await using (var abandoned = portal.CreateDbContext())
        {
            await using var transaction = await abandoned.Database.BeginTransactionAsync();
            abandoned.Families.Add(new Family { Name = "never" });
            await abandoned.SaveChangesAsync();
        }

        await using var next = portal.CreateDbContext();
        next.Families.Add(new Family { Name = "next" });
        await next.SaveChangesAsync().WaitAsync(Patience);

        Assert.Equal(["next"], await next.Families.Where(f => f.Name == "next" || f.Name == "never").Select(f => f.Name).ToListAsync());
    }

    [Fact]
    public async Task Write_ThatFails_LetsTheNextWriterIn()
    {
        await using (var first = portal.CreateDbContext())
        {
            first.Families.Add(new Family { Name = "twin" });
            await first.SaveChangesAsync();
        }

        await using (var duplicate = portal.CreateDbContext())
        {
            duplicate.Families.Add(new Family { Name = "twin" });
            await Assert.ThrowsAsync<DbUpdateException>(() => duplicate.SaveChangesAsync());
        }

        await using (var lone = portal.CreateDbContext())
        {
            var failing = lone.Database.ExecuteSqlRawAsync("INSERT INTO Families (Name) VALUES ('twin');");
            await Assert.ThrowsAsync<SqliteException>(() => failing);
        }

        await using var next = portal.CreateDbContext();
        next.Families.Add(new Family { Name = "after" });
        await next.SaveChangesAsync().WaitAsync(Patience);
        Assert.True(await next.Families.AnyAsync(f => f.Name == "after"));
    }

    [Fact]
    public async Task ApiWrite_WhenTheDatabaseStaysBusyPastItsTimeout_Answers503WithRetryAfterAndWritesNothing()
    {
        // A portal of its own whose writes wait one second at most (the connection string's Default Timeout).
        using var impatient = new PortalFactory();
        impatient.With("ConnectionStrings:Fleet", $"Data Source={Path.Combine(impatient.DataDirectory, "impatient.db")};Default Timeout=1");
        var support = await impatient.CreateSupportAsync();
        using var client = impatient.CreateApiClient(await impatient.CreateTokenAsync(support));
        await using var holder = impatient.CreateDbContext();
        await using var transaction = await holder.Database.BeginTransactionAsync();

        var response = await client.PostJsonAsync("/api/families", new { name = "Acme Design" });

        var problem = await response.ProblemAsync(System.Net.HttpStatusCode.ServiceUnavailable);
        Assert.Equal("5", response.Headers.RetryAfter?.ToString());
        Assert.Contains("busy", problem.Detail);
        await transaction.RollbackAsync();
        Assert.False(await holder.Families.AnyAsync(f => f.Name == "Acme Design"));
        (await client.PostJsonAsync("/api/families", new { name = "Acme Design" })).EnsureSuccessStatusCode();
    }

    [Theory]
    [InlineData("INSERT INTO Families (Name) VALUES (@p0) RETURNING Id;", true)]
    [InlineData("  update Hosts SET x = 1", true)]
    [InlineData("-- Rollout\n\nDELETE FROM Deployments", true)]
    [InlineData("REPLACE INTO t VALUES (1)", true)]
    [InlineData("SELECT COUNT(*) FROM Families", false)]
    [InlineData("-- INSERT only in a comment\nSELECT 1", false)]
    [InlineData("PRAGMA journal_mode;", false)]
    [InlineData("", false)]
    public void IsWrite_TellsWritingStatementsFromReads(string statement, bool writes) =>
        Assert.Equal(writes, SqliteWriteGate.IsWrite(statement));
}
