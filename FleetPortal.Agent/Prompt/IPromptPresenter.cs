using FleetPortal.Agent.Local;

namespace FleetPortal.Agent.Prompt;

/// <summary>Shows the daemon's questions to the person at the desk and hands their answers back.</summary>
public interface IPromptPresenter : IAsyncDisposable
{
    /// <summary>Shows the question; <paramref name="answer"/> is called with the chosen <see cref="LocalChoices"/> value.</summary>
    Task AskAsync(LocalMessage question, Func<string, Task> answer, CancellationToken cancellationToken);

    /// <summary>The question no longer needs an answer (answered elsewhere, withdrawn, or timed out).</summary>
    Task WithdrawAsync(Guid deploymentId);

    Task NoticeAsync(string text);
}
