using System.Text.Json;

namespace FleetPortal.Core.Tests.Packaging;

/// <summary>services.fleetportal-agent, evaluated against the stand-in NixOS.</summary>
public sealed class AgentModuleTests
{
    private const string Module = "fleetportal-agent.nix";
    private const string Required = "package = pkgs.fake \"fleetportal-agent\"; serverUrl = \"https://fleet.example.org\";";
    private const string Everything = "{ daemon = config.systemd.services.fleetportal-agent; prompt = config.systemd.user.services; etc = config.environment.etc; packages = config.environment.systemPackages; }";

    private static JsonElement Evaluate(string settings) =>
        StandInNixos.Evaluate(Module, $"{{ services.fleetportal-agent = {{ enable = true; {Required} {settings} }}; }}", Everything);

    private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString()!;

    private static IEnumerable<string?> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString());

    [Fact]
    public void TheDaemon_IsANotifyServiceThatASwitchNeverRestarts()
    {
        var daemon = Evaluate("").GetProperty("daemon");
        var unit = daemon.GetProperty("serviceConfig");

        Assert.Equal("notify", Text(unit, "Type"));
        Assert.False(daemon.GetProperty("restartIfChanged").GetBoolean());
        Assert.False(daemon.GetProperty("unitConfig").GetProperty("X-StopOnRemoval").GetBoolean());
        Assert.Equal("/nix/store/00000000000000000000000000000000-fleetportal-agent/bin/fleetportal-agent run", Text(unit, "ExecStart"));
        Assert.Equal("fleetportal-agent", Text(unit, "StateDirectory"));
        Assert.Equal("fleetportal-agent", Text(unit, "RuntimeDirectory"));
        Assert.False(unit.TryGetProperty("User", out _));
        Assert.Equal(["multi-user.target"], Strings(daemon.GetProperty("wantedBy")));
    }

    [Fact]
    public void TheDaemon_FindsNixosRebuildNixAndNixpkgs()
    {
        var daemon = Evaluate("").GetProperty("daemon");

        Assert.Contains("/nix/store/00000000000000000000000000000000-nixos-rebuild", Strings(daemon.GetProperty("path")));
        Assert.Contains("/nix/store/00000000000000000000000000000000-nix", Strings(daemon.GetProperty("path")));
        Assert.Equal("nixpkgs=/nix/var/nix/profiles/per-user/root/channels/nixos", Text(daemon.GetProperty("environment"), "NIX_PATH"));
    }

    [Fact]
    public void TheSettings_ReachTheDaemonAsAgentConfigurationKeys()
    {
        var environment = Evaluate("promptPolicy = \"ask-always\"; rebuildAction = \"boot\"; enrollmentCodeFile = \"/run/secrets/code\";")
            .GetProperty("daemon").GetProperty("environment");

        Assert.Equal("https://fleet.example.org", Text(environment, "FleetPortalAgent__ServerUrl"));
        Assert.Equal("ask-always", Text(environment, "FleetPortalAgent__PromptPolicy"));
        Assert.Equal("boot", Text(environment, "FleetPortalAgent__RebuildAction"));
        Assert.Equal("/run/secrets/code", Text(environment, "FleetPortalAgent__EnrollmentCodeFile"));
        Assert.Equal("/var/lib/fleetportal-agent", Text(environment, "FleetPortalAgent__StateDirectory"));
        Assert.Equal("/etc/nixos", Text(environment, "FleetPortalAgent__ConfigurationDirectory"));
        Assert.Equal("/run/fleetportal-agent/agent.sock", Text(environment, "FleetPortalAgent__SocketPath"));
        Assert.False(environment.TryGetProperty("FleetPortalAgent__TokenFile", out _));
    }

    [Fact]
    public void TheCommandLine_IsInstalledWithItsConfigurationFile()
    {
        var result = Evaluate("tokenFile = \"/run/secrets/token\";");

        Assert.Contains("/nix/store/00000000000000000000000000000000-fleetportal-agent", Strings(result.GetProperty("packages")));
        Assert.Equal("/nix/store/00000000000000000000000000000000-fleetportal-agent.json", Text(result.GetProperty("etc").GetProperty("fleetportal-agent/agent.json"), "source"));
        Assert.Equal("/run/secrets/token", Text(result.GetProperty("daemon").GetProperty("environment"), "FleetPortalAgent__TokenFile"));
    }

    [Fact]
    public void ThePrompt_RunsInEveryGraphicalSessionUnlessDisabled()
    {
        var prompt = Evaluate("").GetProperty("prompt").GetProperty("fleetportal-prompt");

        Assert.Equal("/nix/store/00000000000000000000000000000000-fleetportal-agent/bin/fleetportal-agent prompt", Text(prompt.GetProperty("serviceConfig"), "ExecStart"));
        Assert.Equal(["graphical-session.target"], Strings(prompt.GetProperty("wantedBy")));
        Assert.Equal("/run/fleetportal-agent/agent.sock", Text(prompt.GetProperty("environment"), "FleetPortalAgent__SocketPath"));
        Assert.Empty(Evaluate("prompt.enable = false;").GetProperty("prompt").EnumerateObject());
    }

    [Theory]
    [InlineData("enrollmentCodeFile = \"/run/code\"; tokenFile = \"/run/token\";", "set enrollmentCodeFile (enrol on first start) or tokenFile")]
    [InlineData("promptPolicy = \"sometimes\";", "services.fleetportal-agent.promptPolicy has a value of the wrong type")]
    [InlineData("rebuildAction = \"test\";", "services.fleetportal-agent.rebuildAction has a value of the wrong type")]
    public void WrongSettings_AreRefusedWithTheReason(string settings, string reason)
    {
        var result = StandInNixos.TryEvaluate(Module, $"{{ services.fleetportal-agent = {{ enable = true; {Required} {settings} }}; }}", Everything);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AServerUrlWithoutScheme_IsRefused()
    {
        var settings = "{ services.fleetportal-agent = { enable = true; package = pkgs.fake \"fleetportal-agent\"; serverUrl = \"fleet.example.org\"; }; }";
        var result = StandInNixos.TryEvaluate(Module, settings, Everything);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("must start with https://", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingServerUrl_IsRefused()
    {
        var result = StandInNixos.TryEvaluate(Module, "{ services.fleetportal-agent = { enable = true; package = pkgs.fake \"fleetportal-agent\"; }; }", Everything);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("The option services.fleetportal-agent.serverUrl is used but not defined.", result.Error, StringComparison.Ordinal);
    }
}
