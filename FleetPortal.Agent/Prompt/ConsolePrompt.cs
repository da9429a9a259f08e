using FleetPortal.Agent.Local;

namespace FleetPortal.Agent.Prompt;

/// <summary><c>prompt --console</c>: the question in a terminal, for machines without a desktop notification service.</summary>
public sealed class ConsolePrompt(TextReader input, TextWriter output) : IPromptPresenter
{
    public async Task AskAsync(LocalMessage question, Func<string, Task> answer, CancellationToken cancellationToken)
    {
        var choices = question.Choices ?? [LocalChoices.Now];
        await output.WriteLineAsync($"{PromptText.Title}: {PromptText.Body(question)}");
        for (var i = 0; i < choices.Count; i++)
        {
            await output.WriteLineAsync($"  {i + 1}) {LocalChoices.Label(choices[i])}");
        }

        await output.WriteAsync("Choose: ");
        await output.FlushAsync(cancellationToken);
        var line = (await input.ReadLineAsync(cancellationToken))?.Trim().ToLowerInvariant();
        var chosen = int.TryParse(line, out var number) && number >= 1 && number <= choices.Count
            ? choices[number - 1]
            : choices.FirstOrDefault(c => c == line || LocalChoices.Label(c).Equals(line, StringComparison.OrdinalIgnoreCase));
        if (chosen is not null)
        {
            await answer(chosen);
        }
        else
        {
            await output.WriteLineAsync("No answer taken; you will be asked again.");
        }
    }

    public Task WithdrawAsync(Guid deploymentId) => Task.CompletedTask;

    public Task NoticeAsync(string text) => output.WriteLineAsync(text);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
