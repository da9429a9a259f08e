namespace FleetPortal.Agent.Local;

/// <summary>The answers to an upgrade question, as they travel on the local socket and name D-Bus actions.</summary>
public static class LocalChoices
{
    public const string Now = "now";
    public const string Later = "later";
    public const string Tomorrow = "tomorrow";

    public static string Label(string choice) => choice switch
    {
        Now => "Upgrade now",
        Later => "Later",
        Tomorrow => "Tomorrow",
        _ => choice,
    };
}
