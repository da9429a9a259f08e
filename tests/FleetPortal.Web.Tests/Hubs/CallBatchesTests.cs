using FleetPortal.Web.Services.Agents;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace FleetPortal.Web.Tests.Hubs;

public sealed class CallBatchesTests
{
    private const string Refusal = "Could not store it; ask again.";

    [Fact]
    public async Task ABatchThatFoundItsRowsChangedByAnotherWriter_IsStoredAgainCallByCall_AndEveryCallerIsAnswered()
    {
        var batches = new CallBatches<int, int>(Refusal, NullLogger.Instance);
        var stored = new List<IReadOnlyList<int>>();
        var calls = Enumerable.Range(1, 3).Select(batches.EnqueueAsync).ToList();
        batches.Complete();

        await batches.RunAsync(batch =>
        {
            stored.Add(batch.Select(b => b.Call).ToList());
            if (batch.Count > 1)
            {
                throw new DbUpdateConcurrencyException("Another portal process acknowledged one of them meanwhile.");
            }

            batch[0].Answer(batch[0].Call * 10);
            return Task.CompletedTask;
        }, CancellationToken.None);

        var answers = await Task.WhenAll(calls);
        Assert.Equal([10, 20, 30], answers);
        Assert.Equal([[1, 2, 3], [1], [2], [3]], stored);
    }

    [Fact]
    public async Task ABatchThatFailedOtherwise_RefusesEveryCall_WithTheSentenceForTheAgent()
    {
        var batches = new CallBatches<int, int>(Refusal, NullLogger.Instance);
        var calls = Enumerable.Range(1, 2).Select(batches.EnqueueAsync).ToList();
        batches.Complete();

        await batches.RunAsync(_ => throw new InvalidOperationException("The disk is full."), CancellationToken.None);

        foreach (var call in calls)
        {
            Assert.Equal(Refusal, (await Assert.ThrowsAsync<HubException>(() => call)).Message);
        }
    }
}
