using FleetPortal.Core.Deferrals;

namespace FleetPortal.Core.Protocol;

/// <summary>The deferral rules of one deployment, as the portal holds them.</summary>
/// <param name="Mode">Ask, install without asking, or ask and never force.</param>
/// <param name="MaxDeferrals">How many times "Later" may be chosen in all.</param>
/// <param name="DeferralsUsed">How many times it was chosen already.</param>
/// <param name="Deadline">After this moment the agent installs without asking (not in <see cref="PromptMode.AskAlways"/>).</param>
public sealed record PromptPolicy(PromptMode Mode, int MaxDeferrals, int DeferralsUsed, DateTimeOffset Deadline);
