using System.Data.Common;
using FleetPortal.Core.Deferrals;
using FleetPortal.Web.Data;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests.Database;

/// <summary>
/// Rows written by <see cref="MultiRowInsert"/> are stored exactly as EF Core stores them: the
/// same types and the same values, column by column, so every query reads them alike.
/// </summary>
public class MultiRowInsertTests : IDisposable
{
    private readonly PortalFactory portal;

    public MultiRowInsertTests()
        : this(new PortalFactory())
    {
    }

    protected MultiRowInsertTests(PortalFactory portal) => this.portal = portal;

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task Deployments_InsertedTogether_AreStoredAsEfCoreSavesThem()
    {
        var (host, _) = await portal.EnrolledHostAsync("alice-laptop");
        // The portal writes UTC moments; PostgreSQL keeps whole microseconds.
        var at = new DateTimeOffset(2026, 12, 5, 9, 30, 15, 123, TimeSpan.Zero).AddTicks(4560);
        Deployment Like(Guid id) => new()
        {
            Id = id,
            HostId = host.Id,
            Action = DeploymentAction.Rollback,
            RevisionNumber = 1,
            RollbackGeneration = 41,
            Status = DeploymentStatus.Deferred,
            RequestedBy = "Zoë O'Brien \"support\" <zoe@example.org>",
            CreatedAt = at,
            SentAt = null,
            AcknowledgedAt = at.AddMinutes(1),
            PromptMode = PromptMode.AskAlways,
            MaxDeferrals = 3,
            Deadline = at.AddDays(2),
            DeferralCount = 2,
            Error = "exit 1: \\ é ✓",
        };
        var (saved, inserted) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var many = Enumerable.Range(0, 250).Select(_ => Like(Guid.CreateVersion7())).ToList();

        await using (var db = portal.CreateDbContext())
        {
            db.Deployments.Add(Like(saved));
            await db.SaveChangesAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await MultiRowInsert.InsertAsync(db, [Like(inserted), .. many]);
            await transaction.CommitAsync();
        }

        var key = await StoredAsync("Deployments", "Id", saved);
        Assert.Equal(Without(key, "Id"), Without(await StoredAsync("Deployments", "Id", inserted), "Id"));
        await using var check = portal.CreateDbContext();
        Assert.Equal(251, await check.Deployments.CountAsync(d => d.Id != saved && d.CreatedAt == at && d.Error == "exit 1: \\ é ✓"));
        Assert.Equal(Like(inserted).RequestedBy, (await check.Deployments.SingleAsync(d => d.Id == inserted)).RequestedBy);
    }

    [Fact]
    public async Task RowsWhoseValuesRepeatOrChangeFromRowToRow_AreEachStoredWithTheirOwnValues()
    {
        var (host, _) = await portal.EnrolledHostAsync("alice-laptop");
        var at = new DateTimeOffset(2026, 12, 5, 9, 30, 0, TimeSpan.Zero);
        string?[] errors = [null, "exit 1", "exit 1", null, null, "exit 2", ""];
        int?[] generations = [7, null, null, 8, 8, 7, 0];

        // Enough rows for several statements and a shorter last one: a value in one place of a
        // statement repeats in the next statement or differs from it.
        var rows = Enumerable.Range(0, 75).Select(i => new Deployment
        {
            Id = Guid.CreateVersion7(),
            HostId = host.Id,
            RevisionNumber = 1 + (i % 2),
            RollbackGeneration = generations[i % generations.Length],
            Status = i < 3 ? DeploymentStatus.Pending : DeploymentStatus.Failed,
            RequestedBy = "support",
            CreatedAt = at.AddSeconds(i / 2),
            Deadline = at.AddDays(1),
            Error = errors[i % errors.Length],
        }).ToList();

        await using (var db = portal.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await MultiRowInsert.InsertAsync(db, rows);
            await transaction.CommitAsync();
        }

        await using var check = portal.CreateDbContext();
        var stored = await check.Deployments.AsNoTracking().ToDictionaryAsync(d => d.Id);
        Assert.All(rows, row =>
        {
            var back = stored[row.Id];
            Assert.Equal(
                (row.RevisionNumber, row.RollbackGeneration, row.Status, row.CreatedAt, row.Error),
                (back.RevisionNumber, back.RollbackGeneration, back.Status, back.CreatedAt, back.Error));
        });
    }

    [Fact]
    public async Task AuditEvents_InsertedTogether_AreStoredAsEfCoreSavesThem_WithTheirKeysLeftToTheDatabase()
    {
        AuditEvent Like(string details) => new()
        {
            At = new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero),
            Actor = "agent of alice-laptop",
            ActorUserId = null,
            Action = "deployment.delivered",
            HostId = 7,
            HostName = "alice-laptop",
            ChangeRequestId = null,
            DeploymentId = Guid.Parse("01a24542-e2d3-7856-ba66-b06dda6faa28"),
            Details = details,
        };

        long savedId;
        await using (var db = portal.CreateDbContext())
        {
            var one = Like("saved");
            db.AuditEvents.Add(one);
            await db.SaveChangesAsync();
            savedId = one.Id;
            await using var transaction = await db.Database.BeginTransactionAsync();
            await MultiRowInsert.InsertAsync(db, [Like("inserted"), Like("inserted too")]);
            await transaction.CommitAsync();
        }

        await using var check = portal.CreateDbContext();
        var insertedIds = await check.AuditEvents.Where(e => e.Details.StartsWith("inserted")).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync();
        Assert.Equal(2, insertedIds.Distinct().Count());
        Assert.All(insertedIds, id => Assert.True(id > savedId));
        var saved = Without(await StoredAsync("AuditEvents", "Id", savedId), "Id", "Details");
        Assert.Equal(saved, Without(await StoredAsync("AuditEvents", "Id", insertedIds[0]), "Id", "Details"));
    }

    [Fact]
    public async Task ARowWhoseKeyIsTaken_IsRefusedAsAWriteConflict_AndTheTransactionWritesNothing()
    {
        var (host, _) = await portal.EnrolledHostAsync("alice-laptop");
        var now = new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);
        Deployment New(Guid id) => new() { Id = id, HostId = host.Id, RevisionNumber = 1, RequestedBy = "support", CreatedAt = now, Deadline = now.AddDays(1) };
        var taken = Guid.CreateVersion7();
        await using (var db = portal.CreateDbContext())
        {
            db.Deployments.Add(New(taken));
            await db.SaveChangesAsync();
        }

        await using (var db = portal.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var refused = await Record.ExceptionAsync(() => MultiRowInsert.InsertAsync(db, [New(Guid.CreateVersion7()), New(taken)]));
            Assert.True(refused is not null && WriteConflicts.IsConflict(refused), $"refused with {refused}");
        }

        await using var check = portal.CreateDbContext();
        Assert.Equal(taken, (await check.Deployments.SingleAsync(d => d.HostId == host.Id)).Id);
    }

    /// <summary>Each column of one row as the database holds it: its type and its value, in the database's own words.</summary>
    private async Task<Dictionary<string, string>> StoredAsync(string table, string keyColumn, object key)
    {
        await using var db = portal.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var columns = new List<string>();
        await using (var names = connection.CreateCommand())
        {
            names.CommandText = $"SELECT * FROM \"{table}\" WHERE 1 = 0";
            await using var reader = await names.ExecuteReaderAsync();
            columns.AddRange(Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
        }

        var sqlite = db.Database.IsSqlite();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", columns.Select(c => sqlite ? $"typeof(\"{c}\") || ':' || quote(\"{c}\")" : $"pg_typeof(\"{c}\")::text || ':' || coalesce(\"{c}\"::text, 'NULL')"))} FROM \"{table}\" WHERE \"{keyColumn}\" = @key";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@key";
        parameter.Value = sqlite && key is Guid guid ? guid.ToString().ToUpperInvariant() : key;
        command.Parameters.Add(parameter);
        await using var row = await command.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync(), $"no row of {table} with {keyColumn} {key}");
        return columns.Select((c, i) => (c, row.GetString(i))).ToDictionary(p => p.c, p => p.Item2);
    }

    private static Dictionary<string, string> Without(Dictionary<string, string> row, params string[] columns) =>
        row.Where(c => !columns.Contains(c.Key)).ToDictionary();
}
