using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Audit;

namespace FleetPortal.Web.Tests.Audit;

public sealed class AuditCsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("she said \"now\"", "\"she said \"\"now\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("", "")]
    public void Field_QuotesWhatCsvNeedsAndDisarmsFormulas(string value, string expected) =>
        Assert.Equal(expected, AuditCsv.Field(value));

    [Fact]
    public async Task Write_GivesAHeaderAndOneLinePerEventInUtc()
    {
        var events = new[]
        {
            new AuditEvent
            {
                At = new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.FromHours(1)),
                Actor = "Alice, at the desk",
                Action = AuditActions.ChangeRequestedAtDesk,
                HostName = "alice-laptop",
                ChangeRequestId = 7,
                Details = "asks for vlc: \"for school\"",
            },
        };
        var writer = new StringWriter();

        await AuditCsv.WriteAsync(writer, events.ToAsyncEnumerable());

        Assert.Equal(
            AuditCsv.Header + "\r\n" + "2026-11-25T09:30:00Z,\"Alice, at the desk\",change.requested,alice-laptop,7,,\"asks for vlc: \"\"for school\"\"\"\r\n",
            writer.ToString());
    }
}
