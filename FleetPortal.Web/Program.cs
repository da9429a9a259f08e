using FleetPortal.Web.Startup;

BufferPool.KeepEnoughForAFleet();
var builder = WebApplication.CreateBuilder(args);

builder.AddFleetData();
builder.AddFleetIdentity();
builder.AddFleetServices();
builder.AddFleetScaleOut();
builder.AddFleetApi();
builder.AddFleetAgents();
builder.AddFleetPeriodicWork();
builder.AddFleetUi();

var app = builder.Build();

await app.MigrateFleetDatabaseAsync();
app.UseAgentHubPipeline();
app.UseFleetPipeline();
app.MapFleetApi();
app.MapFleetAgents();
app.MapFleetUi();

await app.RunAsync();

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
