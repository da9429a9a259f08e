using System.Text.Json;

namespace FleetPortal.Core.Tests.Packaging;

/// <summary>services.fleetportal, evaluated against the stand-in NixOS.</summary>
public sealed class PortalModuleTests
{
    private const string Module = "fleetportal.nix";
    private const string Package = "package = pkgs.fake \"fleetportal\";";

    private static JsonElement Service(string settings) =>
        StandInNixos.Evaluate(Module, $"{{ services.fleetportal = {{ enable = true; {Package} {settings} }}; }}", "config.systemd.services.fleetportal");

    private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString()!;

    [Fact]
    public void Defaults_ListenOnLoopbackAndKeepTheDatabaseInTheStateDirectory()
    {
        var service = Service("");
        var environment = service.GetProperty("environment");
        var unit = service.GetProperty("serviceConfig");

        Assert.Equal("http://127.0.0.1:5080", Text(environment, "ASPNETCORE_URLS"));
        Assert.Equal("/var/lib/fleetportal", Text(environment, "FleetPortal__DataDirectory"));
        Assert.Equal("/var/lib/fleetportal", Text(environment, "HOME"));
        Assert.False(environment.TryGetProperty("ConnectionStrings__Fleet", out _));
        Assert.False(environment.TryGetProperty("ConnectionStrings__Redis", out _));
        Assert.False(environment.TryGetProperty("FleetPortal__Presence__Timeout", out _));
        Assert.False(environment.TryGetProperty("FleetPortal__Agents__StartsPerSecond", out _));
        Assert.Equal("/nix/store/00000000000000000000000000000000-fleetportal/bin/fleetportal", Text(unit, "ExecStart"));
        Assert.Equal("fleetportal", Text(unit, "User"));
        Assert.Equal("fleetportal", Text(unit, "StateDirectory"));
        Assert.Equal("/var/lib/fleetportal", Text(unit, "WorkingDirectory"));
        Assert.False(unit.TryGetProperty("EnvironmentFile", out _));
        Assert.Equal(["multi-user.target"], service.GetProperty("wantedBy").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void TheService_IsHardened()
    {
        var unit = Service("").GetProperty("serviceConfig");

        Assert.Equal("strict", Text(unit, "ProtectSystem"));
        foreach (var setting in new[] { "NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices", "ProtectKernelTunables", "ProtectKernelModules", "ProtectControlGroups", "RestrictSUIDSGID", "LockPersonality" })
        {
            Assert.True(unit.GetProperty(setting).GetBoolean(), $"{setting} should be on.");
        }

        Assert.Equal([""], unit.GetProperty("CapabilityBoundingSet").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("0077", Text(unit, "UMask"));
    }

    [Fact]
    public void ListenAddressPortProxyAndSecrets_ReachTheEnvironmentAndTheFirewall()
    {
        var settings = """
            { services.fleetportal = { enable = true; package = pkgs.fake "fleetportal"; listenAddress = "::1"; port = 8080;
                openFirewall = true; behindReverseProxy = true; environmentFile = "/run/secrets/fleetportal.env"; }; }
            """;
        var result = StandInNixos.Evaluate(Module, settings, "{ service = config.systemd.services.fleetportal; ports = config.networking.firewall.allowedTCPPorts; }");
        var service = result.GetProperty("service");

        Assert.Equal("http://[::1]:8080", Text(service.GetProperty("environment"), "ASPNETCORE_URLS"));
        Assert.Equal("true", Text(service.GetProperty("environment"), "ASPNETCORE_FORWARDEDHEADERS_ENABLED"));
        Assert.Equal("/run/secrets/fleetportal.env", Text(service.GetProperty("serviceConfig"), "EnvironmentFile"));
        Assert.Equal([8080], result.GetProperty("ports").EnumerateArray().Select(p => p.GetInt32()));
    }

    [Fact]
    public void APrivilegedPort_GetsOnlyTheCapabilityToBindIt()
    {
        var unit = Service("port = 80;").GetProperty("serviceConfig");

        Assert.Equal(["CAP_NET_BIND_SERVICE"], unit.GetProperty("AmbientCapabilities").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["CAP_NET_BIND_SERVICE"], unit.GetProperty("CapabilityBoundingSet").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void ALocalPostgreSql_IsCreatedAndReachedOverItsSocket()
    {
        var settings = """{ services.fleetportal = { enable = true; package = pkgs.fake "fleetportal"; database.type = "postgresql"; }; }""";
        var result = StandInNixos.Evaluate(Module, settings, "{ service = config.systemd.services.fleetportal; postgresql = config.services.postgresql; }");
        var environment = result.GetProperty("service").GetProperty("environment");

        Assert.Equal("Postgres", Text(environment, "FleetPortal__Database__Provider"));
        Assert.Equal("Host=/run/postgresql;Port=5432;Database=fleetportal;Username=fleetportal", Text(environment, "ConnectionStrings__Fleet"));
        Assert.Contains("postgresql.service", result.GetProperty("service").GetProperty("requires").EnumerateArray().Select(e => e.GetString()));
        Assert.True(result.GetProperty("postgresql").GetProperty("enable").GetBoolean());
        Assert.Equal(["fleetportal"], result.GetProperty("postgresql").GetProperty("ensureDatabases").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void ALocalRedis_IsTheBackplane()
    {
        var settings = """{ services.fleetportal = { enable = true; package = pkgs.fake "fleetportal"; redis.enable = true; }; }""";
        var result = StandInNixos.Evaluate(Module, settings, "{ environment = config.systemd.services.fleetportal.environment; redis = config.services.redis.servers.fleetportal; }");

        Assert.Equal("127.0.0.1:6380", Text(result.GetProperty("environment"), "ConnectionStrings__Redis"));
        Assert.Equal(6380, result.GetProperty("redis").GetProperty("port").GetInt32());
        Assert.Equal("127.0.0.1", Text(result.GetProperty("redis"), "bind"));
    }

    [Theory]
    [InlineData(30, "0.00:00:30")]
    [InlineData(90, "0.00:01:30")]
    [InlineData(3_725, "0.01:02:05")]
    [InlineData(86_400, "1.00:00:00")]
    public void APresenceTimeout_ReachesThePortalAsATimeSpan(int seconds, string timeSpan)
    {
        var environment = Service($"presence.timeout = {seconds};").GetProperty("environment");

        Assert.Equal(timeSpan, Text(environment, "FleetPortal__Presence__Timeout"));
    }

    [Theory]
    [InlineData("10")]
    [InlineData("86401")]
    [InlineData("\"00:03:00\"")]
    public void APresenceTimeoutOutOfRange_IsRefused(string value) => AssertRefused("presence.timeout", value);

    [Theory]
    [InlineData(0)]
    [InlineData(200)]
    public void StartsPerSecond_ReachesThePortal(int starts)
    {
        var environment = Service($"agents.startsPerSecond = {starts};").GetProperty("environment");

        Assert.Equal(starts.ToString(System.Globalization.CultureInfo.InvariantCulture), Text(environment, "FleetPortal__Agents__StartsPerSecond"));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1000001")]
    [InlineData("\"fast\"")]
    public void StartsPerSecondOutOfRange_IsRefused(string value) => AssertRefused("agents.startsPerSecond", value);

    /// <summary>The module refuses the option's value, naming the option.</summary>
    private static void AssertRefused(string option, string value)
    {
        var result = StandInNixos.TryEvaluate(Module, $"{{ services.fleetportal = {{ enable = true; {Package} {option} = {value}; }}; }}", "config.systemd.services.fleetportal.environment");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"services.fleetportal.{option} has a value of the wrong type", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ADataDirectoryOutsideVarLib_IsCreatedAndMadeWritable()
    {
        var settings = """{ services.fleetportal = { enable = true; package = pkgs.fake "fleetportal"; dataDir = "/srv/fleet"; }; }""";
        var result = StandInNixos.Evaluate(Module, settings, "{ unit = config.systemd.services.fleetportal.serviceConfig; rules = config.systemd.tmpfiles.rules; home = config.users.users.fleetportal.home; }");

        Assert.Equal(["/srv/fleet"], result.GetProperty("unit").GetProperty("ReadWritePaths").EnumerateArray().Select(e => e.GetString()));
        Assert.False(result.GetProperty("unit").TryGetProperty("StateDirectory", out _));
        Assert.Equal(["d '/srv/fleet' 0750 fleetportal fleetportal - -"], result.GetProperty("rules").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("/srv/fleet", Text(result, "home"));
    }

    [Fact]
    public void AnotherUser_IsTheAdministratorsOwnAndNotCreated()
    {
        var settings = """{ services.fleetportal = { enable = true; package = pkgs.fake "fleetportal"; user = "fleet"; group = "fleet"; }; }""";
        var result = StandInNixos.Evaluate(Module, settings, "{ unit = config.systemd.services.fleetportal.serviceConfig; users = config.users.users; groups = config.users.groups; }");

        Assert.Equal("fleet", Text(result.GetProperty("unit"), "User"));
        Assert.Empty(result.GetProperty("users").EnumerateObject());
        Assert.Empty(result.GetProperty("groups").EnumerateObject());
    }

    [Fact]
    public void WhenDisabled_NothingIsAdded()
    {
        var result = StandInNixos.Evaluate(Module, "{ services.fleetportal.enable = false; }", "{ services = config.systemd.services; users = config.users.users; }");

        Assert.Empty(result.GetProperty("services").EnumerateObject());
        Assert.Empty(result.GetProperty("users").EnumerateObject());
    }

    [Fact]
    public void AMisspeltOption_IsRefused()
    {
        var result = StandInNixos.TryEvaluate(Module, "{ services.fleetportal = { enable = true; portt = 8080; }; }", "config.systemd.services");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("The option services.fleetportal.portt does not exist.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AValueOfTheWrongType_IsRefused()
    {
        var result = StandInNixos.TryEvaluate(Module, "{ services.fleetportal = { enable = true; port = \"80\"; }; }", "config.systemd.services.fleetportal.environment");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("services.fleetportal.port has a value of the wrong type", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ALocalDatabaseWithAnotherRole_FailsItsAssertion()
    {
        var settings = """{ services.fleetportal = { enable = true; package = pkgs.fake "fleetportal"; database.type = "postgresql"; database.user = "someone"; }; }""";
        var result = StandInNixos.TryEvaluate(Module, settings, "config.systemd.services");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("database.user and .name must both equal services.fleetportal.user", result.Error, StringComparison.Ordinal);
    }
}
