using Microsoft.AspNetCore.SignalR;

namespace FleetPortal.Web.Services.Agents;

/// <summary>One agent's call waiting in <see cref="CallBatches{TCall, TResult}"/>, and how its caller is answered.</summary>
public sealed class BatchedCall<TCall, TResult>(TCall call)
{
    private readonly TaskCompletionSource<TResult> outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TCall Call { get; } = call;

    /// <summary>What the caller awaits.</summary>
    public Task<TResult> Outcome => outcome.Task;

    /// <summary>Stored: the caller's call completes with <paramref name="result"/>. Only the first answer counts.</summary>
    public void Answer(TResult result) => outcome.TrySetResult(result);

    /// <summary>Refused: the agent's call fails with <paramref name="reason"/>, a sentence for a person. Only the first answer counts.</summary>
    public void Refuse(string reason) => outcome.TrySetException(new HubException(reason));
}
