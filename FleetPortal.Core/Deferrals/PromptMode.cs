namespace FleetPortal.Core.Deferrals;

/// <summary>How the person at the desk is asked before a rebuild.</summary>
public enum PromptMode
{
    /// <summary>Ask "now or later?"; deferrals within the policy, then install at the deadline.</summary>
    Ask,

    /// <summary>Install without asking.</summary>
    Auto,

    /// <summary>Ask every time and never force the install.</summary>
    AskAlways,
}
