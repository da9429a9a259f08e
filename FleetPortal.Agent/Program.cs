namespace FleetPortal.Agent;

public static class Program
{
    public static Task<int> Main(string[] args) => AgentCommandLine.RunAsync(args);
}
