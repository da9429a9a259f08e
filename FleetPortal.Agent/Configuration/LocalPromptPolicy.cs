using FleetPortal.Core.Deferrals;

namespace FleetPortal.Agent.Configuration;

/// <summary>
/// How this machine's own <c>PromptPolicy</c> combines with a deployment's mode: <c>auto</c> never
/// asks (servers, kiosks), <c>ask-always</c> never forces, <c>ask</c> follows the deployment.
/// </summary>
public static class LocalPromptPolicy
{
    public static PromptMode Effective(string localPolicy, PromptMode deploymentMode) => localPolicy switch
    {
        "auto" => PromptMode.Auto,
        "ask-always" => deploymentMode == PromptMode.Auto ? PromptMode.Auto : PromptMode.AskAlways,
        _ => deploymentMode,
    };
}
