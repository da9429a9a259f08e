using FleetPortal.Agent.Local;

namespace FleetPortal.Agent.Prompt;

/// <summary>The words of the upgrade question, the same on the desktop and in a terminal.</summary>
public static class PromptText
{
    public const string Title = "Software update for this computer";

    public static string Body(LocalMessage question)
    {
        var body = $"Changes: {question.Summary}.";
        if (question.Deadline is { } deadline)
        {
            body += $" It installs by itself after {deadline.ToLocalTime():g}.";
        }

        if (question.Choices is { } choices && !choices.Contains(LocalChoices.Later))
        {
            body += " It cannot be put off any longer.";
        }

        return body;
    }
}
