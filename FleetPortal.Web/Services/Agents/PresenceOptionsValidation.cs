using Microsoft.Extensions.Options;

namespace FleetPortal.Web.Services.Agents;

/// <summary>Stops the portal at start-up when the presence timeout is out of range, naming the setting.</summary>
public sealed class PresenceOptionsValidation : IValidateOptions<PresenceOptions>
{
    public ValidateOptionsResult Validate(string? name, PresenceOptions options) =>
        options.Timeout < PresenceOptions.ShortestTimeout || options.Timeout > PresenceOptions.LongestTimeout
            ? ValidateOptionsResult.Fail(
                $"{PresenceOptions.SectionKey}:Timeout is {options.Timeout}; it must be from {PresenceOptions.ShortestTimeout} to {PresenceOptions.LongestTimeout} (hh:mm:ss, or d.hh:mm:ss).")
            : ValidateOptionsResult.Success;
}
