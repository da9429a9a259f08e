using FleetPortal.Agent.Local;

namespace FleetPortal.Agent.Prompt;

/// <summary>The words of the upgrade question, the same on the desktop and in a terminal.</summary>
public static class PromptText
{
    public const string Title = "Software update for this computer";

    public static string Body(LocalMessage question)
    {
        var body = $"Changes: {question.Summary}.";
        return question.Text is { Length: > 0 } reason ? body + " " + reason : body;
    }
}
