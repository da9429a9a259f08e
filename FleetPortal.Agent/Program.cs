using FleetPortal.Agent;

return await AgentCommandLine.RunAsync(args);
