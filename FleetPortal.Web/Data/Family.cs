using FleetPortal.Core.Deferrals;

namespace FleetPortal.Web.Data;

/// <summary>A group of hosts looked after together, with its own admins and its own rules for changes.</summary>
public sealed class Family
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>When set, the author of a change cannot approve it: a second person must.</summary>
    public bool RequiresSecondApprover { get; set; }

    public PromptMode PromptMode { get; set; } = PromptMode.Ask;

    /// <summary>How many times the person at the desk may answer "Later".</summary>
    public int MaxDeferrals { get; set; } = 3;

    /// <summary>How long after approval a rebuild installs without asking.</summary>
    public TimeSpan DeferralDeadline { get; set; } = TimeSpan.FromDays(3);

    public List<Host> Hosts { get; set; } = [];

    public List<FamilyMembership> Members { get; set; } = [];
}
