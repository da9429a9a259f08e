namespace FleetPortal.Web.Startup;

/// <summary>
/// Where lines meant only for the person who started the portal go (the demo passwords): the
/// console, never a log sink. A service rather than <see cref="Console.Out"/> itself, so that
/// one portal's lines are never mixed with another's when several run in one process.
/// </summary>
public sealed class OperatorConsole(TextWriter writer)
{
    public TextWriter Out { get; } = writer;
}
