using FleetPortal.Web.Startup;

namespace FleetPortal.Web.Tests.Startup;

public sealed class ConnectionBudgetTests
{
    [Fact]
    public void For_AFileLimit_LeavesTheReserveAndSplitsTheRestBetweenWebSocketsAndPlainRequests()
    {
        var budget = ConnectionBudget.For(20_000)!;

        Assert.Equal(20_000 - ConnectionBudget.ReservedFiles, budget.Upgraded + budget.Plain);
        Assert.Equal(14_616, budget.Upgraded);
        Assert.Equal(4_872, budget.Plain);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1024L)]
    public void For_NoLimitOrOneTooSmallToSplit_SetsNoBudget(long? openFiles) =>
        Assert.Null(ConnectionBudget.For(openFiles));

    [Fact]
    public void OpenFileLimit_IsReadFromThisProcesssLimits() =>
        Assert.True(ConnectionBudget.OpenFileLimit() > 0);
}
