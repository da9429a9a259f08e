namespace FleetPortal.Agent;

/// <summary>The entry point of <c>fleetportal-agent</c>: one sub-command per thing a machine or its user does.</summary>
public static class AgentCommandLine
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("usage: fleetportal-agent <run|enroll|prompt|request|status>");
        return Task.FromResult(args.Length == 0 ? 2 : 2);
    }
}
