using FleetPortal.Web.Data;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests.Database;

/// <summary>
/// What <see cref="SqliteRows"/> does that <see cref="MultiRowInsertTests"/> cannot show through
/// the model: the values of many rows read on another thread while the rows before them are
/// inserted, those of a few read on the inserting thread.
/// </summary>
public sealed class SqliteRowsTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    [Theory]
    [InlineData(100, 70)]
    [InlineData(2_000, 1_500)]
    public async Task AValueThatCannotBeRead_FailsTheInsert_AndTheTransactionWritesNothing(int count, int unreadable)
    {
        var rows = Enumerable.Range(0, count).Select(i => new AuditEvent { Actor = "support", Action = "test.row", Details = $"row {i}" }).ToList();
        Func<object, object?>[] columns =
        [
            row => ((AuditEvent)row).Action,
            row => ((AuditEvent)row).Actor,
            _ => 639_000_000_000_000_000L,
            row => ((AuditEvent)row).Details is var details && details != $"row {unreadable}" ? details : throw new InvalidOperationException($"{details} cannot be read"),
        ];

        await using (var db = portal.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteRows.InsertAsync(
                connection, "INSERT INTO \"AuditEvents\" (\"Action\", \"Actor\", \"At\", \"Details\")", columns, rows, CancellationToken.None));
            Assert.Equal($"row {unreadable} cannot be read", refused.Message);
        }

        await using var check = portal.CreateDbContext();
        Assert.Equal(0, await check.AuditEvents.CountAsync(e => e.Action == "test.row"));
    }
}
