namespace FleetPortal.Core.Tests.Packaging;

/// <summary>The stand-in module system refuses what NixOS refuses, so the module tests can fail.</summary>
public sealed class StandInModuleSystemTests
{
    private const string Options = """
        ({ lib, config, ... }: {
          options.services.demo = {
            enable = lib.mkEnableOption "demo";
            port = lib.mkOption { type = lib.types.port; default = 80; };
          };
          config = lib.mkIf config.services.demo.enable {
            systemd.services.demo.environment.PORT = toString config.services.demo.port;
          };
        })
        """;

    [Fact]
    public void AModuleSettingAnOptionNixosDoesNotHave_IsRefused()
    {
        var result = StandInNixos.TryEvaluateModules("{ systemd.services.demo.serviceconfig.Type = \"simple\"; }", "config.systemd.services");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("The option systemd.services.demo.serviceconfig does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AMisspeltSystemdDirective_IsRefused()
    {
        var result = StandInNixos.TryEvaluateModules("{ systemd.services.demo.serviceConfig.ProtectSytem = \"strict\"; }", "config.systemd.services");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("The option systemd.services.demo.serviceConfig.ProtectSytem does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ConflictingDefinitions_AreRefusedUnlessAPriorityDecides()
    {
        var conflict = StandInNixos.TryEvaluateModules($"{Options} {{ services.demo.port = 1; }} {{ services.demo.port = 2; }}", "config.services.demo.port");
        var forced = StandInNixos.TryEvaluateModules($"{Options} ({{ lib, ... }}: {{ services.demo.port = lib.mkForce 1; }}) {{ services.demo.port = 2; }}", "config.services.demo.port");

        Assert.Contains("The option services.demo.port has conflicting definitions: 1 and 2.", conflict.Error, StringComparison.Ordinal);
        Assert.Equal("1", forced.Output.Trim());
    }

    [Fact]
    public void AModuleReadsItsOwnOptionsUnderMkIf_AndAddsNothingWhenDisabled()
    {
        var enabled = StandInNixos.TryEvaluateModules($"{Options} {{ services.demo = {{ enable = true; port = 8080; }}; }}", "config.systemd.services");
        var disabled = StandInNixos.TryEvaluateModules($"{Options} {{ services.demo.port = 8080; }}", "config.systemd.services");

        Assert.Equal("""{"demo":{"environment":{"PORT":"8080"}}}""", enabled.Output.Trim());
        Assert.Equal("{}", disabled.Output.Trim());
    }
}
