using Microsoft.Extensions.Options;

namespace FleetPortal.Web.Services.Agents;

/// <summary>Stops the portal at start-up when the pace of starts is out of range, naming the setting.</summary>
public sealed class AgentHubOptionsValidation : IValidateOptions<AgentHubOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentHubOptions options) =>
        double.IsFinite(options.StartsPerSecond) && options.StartsPerSecond >= 0 && options.StartsPerSecond <= AgentHubOptions.MaxStartsPerSecond
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{AgentHubOptions.SectionKey}:StartsPerSecond is {options.StartsPerSecond}; it must be from 0 (no pacing) to {AgentHubOptions.MaxStartsPerSecond:0}.");
}
