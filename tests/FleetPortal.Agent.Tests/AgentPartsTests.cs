using FleetPortal.Agent.Configuration;
using FleetPortal.Agent.Machine;
using FleetPortal.Agent.Portal;
using FleetPortal.Agent.Rebuilds;
using FleetPortal.Agent.State;
using FleetPortal.Agent.Tests.Infrastructure;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Agent.Tests;

public sealed class AgentPartsTests : IDisposable
{
    private readonly StandInSystem system = new();

    public void Dispose() => system.Dispose();

    [Fact]
    public void RebuildCommand_ForAPlainBundle_PointsNixosConfigAtTheEntryPoint()
    {
        var plan = new RebuildPlan(RebuildAction.Switch, "/var/lib/fleetportal-agent/revisions/7", false, "alice-laptop", null);

        Assert.Equal(["switch", "-I", "nixos-config=/var/lib/fleetportal-agent/revisions/7/fleetportal.nix"], NixosRebuildCommand.RebuildArguments(plan));
    }

    [Fact]
    public void RebuildCommand_ForAFlake_BuildsTheHostsOutput()
    {
        var plan = new RebuildPlan(RebuildAction.Boot, "/var/lib/fleetportal-agent/revisions/7", true, "alice-laptop", null);

        Assert.Equal(["boot", "--flake", "/var/lib/fleetportal-agent/revisions/7#alice-laptop"], NixosRebuildCommand.RebuildArguments(plan));
    }

    [Fact]
    public void RollbackCommand_SwitchesTheSystemProfile() =>
        Assert.Equal(["--switch-generation", "3", "-p", "/nix/var/nix/profiles/system"], NixosRebuildCommand.SwitchGenerationArguments(3, "/nix/var/nix/profiles/system"));

    [Fact]
    public void MachineState_OfAFreshTree_IsGenerationOneWithNoRebootNeeded()
    {
        var state = Reader().Read();

        Assert.Equal((1, 1, "24.05.standin-1 (Uakari)", false), (state.CurrentGeneration, state.BootedGeneration, state.NixosVersion, state.RebootNeeded));
        Assert.Equal([1], state.Generations);
    }

    [Fact]
    public void MachineState_AfterASwitchToANewKernel_SaysARebootIsNeeded()
    {
        var kernel = system.Store("/nix/store/n3wk3rn3l00000000000000000000000-linux-6.12");
        File.WriteAllText(Path.Combine(kernel, "bzImage"), "new kernel");
        var next = system.Store("/nix/store/s3c0nd00000000000000000000000000-nixos-system-standin-2");
        File.CreateSymbolicLink(Path.Combine(next, "kernel"), "/nix/store/n3wk3rn3l00000000000000000000000-linux-6.12/bzImage");
        File.CreateSymbolicLink(Path.Combine(next, "initrd"), "/nix/store/k3rn3l000000000000000000000000000-linux-6.6.30/initrd");
        File.CreateSymbolicLink(Path.Combine(system.Root, "nix/var/nix/profiles/system-2-link"), "/nix/store/s3c0nd00000000000000000000000000-nixos-system-standin-2");
        File.Delete(Path.Combine(system.Root, "run/current-system"));
        File.CreateSymbolicLink(Path.Combine(system.Root, "run/current-system"), "/nix/store/s3c0nd00000000000000000000000000-nixos-system-standin-2");

        var state = Reader().Read();

        Assert.Equal((2, 1, true), (state.CurrentGeneration, state.BootedGeneration, state.RebootNeeded));
        Assert.Equal([1, 2], state.Generations);
    }

    [Fact]
    public void NewestGeneration_IsTheHighestNumberWhoseLinkLeadsSomewhere()
    {
        var profiles = Path.Combine(system.Root, "nix/var/nix/profiles");
        var ninth = system.Store("/nix/store/n1nth000000000000000000000000000-nixos-system-standin-9");
        var tenth = system.Store("/nix/store/t3nth000000000000000000000000000-nixos-system-standin-10");
        File.CreateSymbolicLink(Path.Combine(profiles, "system-9-link"), "/nix/store/n1nth000000000000000000000000000-nixos-system-standin-9");
        File.CreateSymbolicLink(Path.Combine(profiles, "system-10-link"), "/nix/store/t3nth000000000000000000000000000-nixos-system-standin-10");

        // Compared as numbers, not names: 10 is newer than 9.
        Assert.Equal(10, Reader().NewestGeneration());

        // A link whose store path was collected is no generation; the next older one is the newest.
        Directory.Delete(tenth, recursive: true);
        Assert.Equal(9, Reader().NewestGeneration());
        Assert.Equal([1, 9], Reader().Generations().Keys.Order());

        Directory.Delete(ninth, recursive: true);
        File.Delete(Path.Combine(profiles, "system-1-link"));
        Assert.Null(Reader().NewestGeneration());
    }

    [Fact]
    public void Backoff_DrawsEachWaitFromZeroToACeilingThatDoublesUpToTheCap()
    {
        var random = new Random(7);
        var min = TimeSpan.FromSeconds(1);
        var max = TimeSpan.FromSeconds(30);
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var ceiling = Math.Min(Math.Pow(2, attempt), 30);
            var delays = Enumerable.Range(0, 200).Select(_ => ReconnectBackoff.Delay(attempt, min, max, random).TotalSeconds).ToList();

            Assert.All(delays, d => Assert.InRange(d, 0, ceiling));
            // Spread over the whole range: a fleet reconnecting together does not come back in one wave.
            Assert.Contains(delays, d => d < ceiling / 4);
            Assert.Contains(delays, d => d > ceiling * 3 / 4);
        }
    }

    [Fact]
    public void StateStore_KeepsWhatItWrote_ButReadsWhatAnotherProcessWroteSince()
    {
        var directory = Directory.CreateTempSubdirectory("fleetportal-state-").FullName;
        try
        {
            var daemon = new AgentStateStore(new AgentOptions { StateDirectory = directory });
            var written = daemon.Update(state => state with { HostName = "alice-laptop" });
            Assert.Same(written, daemon.Load());

            // Another process (an enrolment) writes the file: a state of the same length, and one longer.
            new AgentStateStore(new AgentOptions { StateDirectory = directory }).Update(state => state with { HostName = "alice-desktp" });
            Assert.Equal("alice-desktp", daemon.Load().HostName);
            new AgentStateStore(new AgentOptions { StateDirectory = directory }).Update(state => state with { HostName = "alice-workstation", HostId = 7 });
            Assert.Equal(("alice-workstation", 7), (daemon.Load().HostName, daemon.Load().HostId));

            File.Delete(daemon.StatePath);
            Assert.Null(daemon.Load().HostName);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void StateStore_InADirectoryNotMadeYet_MakesIt_WritesTheTokenForItsOwnerOnly_AndLeavesNoTemporaryFiles()
    {
        var parent = Directory.CreateTempSubdirectory("fleetportal-state-").FullName;
        var directory = Path.Combine(parent, "var", "lib", "fleetportal-agent");
        try
        {
            var store = new AgentStateStore(new AgentOptions { StateDirectory = directory });

            store.WriteToken("fpa_secret");
            store.Update(state => state with { HostName = "alice-laptop" });
            store.Update(state => state.WithFinished(Guid.NewGuid()));

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.TokenPath));
            Assert.Equal("fpa_secret", store.ReadToken());
            Assert.Equal(("alice-laptop", 1), (store.Load().HostName, store.Load().Finished.Count));
            Assert.Equal(["state.json", "token"], Directory.GetFiles(directory).Select(Path.GetFileName).Order());
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task RebuildLog_SendsEveryLineOnceInOrder_InBatchesWithinTheProtocolsBounds_AndNumbersItsTail()
    {
        var batches = new List<DeploymentLogBatch>();
        var log = new RebuildLog(Guid.NewGuid(), batch =>
        {
            lock (batches)
            {
                batches.Add(batch);
            }

            return Task.FromResult(true);
        });
        for (var i = 0; i < 1000; i++)
        {
            log.Add(i % 100 == 0 ? new string('x', AgentProtocol.MaxLogLineLength + 50) : $"line {i}");
        }

        await log.DisposeAsync();

        Assert.All(batches, b => Assert.InRange(b.Lines.Count, 1, AgentProtocol.MaxLogLinesPerBatch));
        Assert.All(batches, b => Assert.True(b.Lines.Sum(l => l.Length) <= AgentProtocol.MaxLogBatchCharacters));
        var lines = batches.OrderBy(b => b.FirstSequence).SelectMany(b => b.Lines.Select((text, i) => (Sequence: b.FirstSequence + i, Text: text))).ToList();
        Assert.Equal(Enumerable.Range(0, 1000), lines.Select(l => l.Sequence));
        Assert.Equal("line 999", lines[^1].Text);
        Assert.Equal(AgentProtocol.MaxLogLineLength, lines[0].Text.Length);
        Assert.Equal(RebuildLog.TailLines, log.Tail.Count);
        Assert.Equal(1000 - RebuildLog.TailLines, log.TailSequence);
        Assert.Equal(lines[log.TailSequence].Text, log.Tail[0]);
    }

    [Fact]
    public async Task RebuildLog_WhoseBatchesCannotBeSent_KeepsEveryLineInItsTail_FromSequence0()
    {
        var attempts = 0;
        var log = new RebuildLog(Guid.NewGuid(), _ =>
        {
            Interlocked.Increment(ref attempts);
            throw new InvalidOperationException("The portal is away.");
        });
        log.Add("building Nix...");
        log.Add("building the system configuration...");
        log.Add("Done. The new configuration is /nix/store/...");

        await log.DisposeAsync();

        Assert.InRange(attempts, 1, 2);
        Assert.Equal(0, log.TailSequence);
        Assert.Equal(["building Nix...", "building the system configuration...", "Done. The new configuration is /nix/store/..."], log.Tail);
    }

    [Fact]
    public async Task RebuildLog_ABatchThePortalDidNotTake_IsOfferedAgainWhileTheRebuildRuns_AheadOfNewerLines()
    {
        var away = true;
        var attempts = 0;
        var taken = new List<DeploymentLogBatch>();
        var log = new RebuildLog(Guid.NewGuid(), batch =>
        {
            lock (taken)
            {
                attempts++;
                if (!away)
                {
                    taken.Add(batch);
                }

                return Task.FromResult(!away);
            }
        });
        log.Add("building Nix...");
        log.Add("building the system configuration...");
        await Eventually.HoldsAsync(() => Locked(taken, () => attempts > 0), "the log tried to send while the portal was away");

        lock (taken)
        {
            away = false;
        }

        log.Add("these 2 derivations will be built:");

        await Eventually.HoldsAsync(() => Locked(taken, () => taken.Sum(b => b.Lines.Count) == 3), "every line reached the portal while the rebuild still runs");
        await log.DisposeAsync();
        var lines = taken.SelectMany(b => b.Lines.Select((text, i) => (Sequence: b.FirstSequence + i, Text: text))).ToList();
        Assert.Equal(
            [(0, "building Nix..."), (1, "building the system configuration..."), (2, "these 2 derivations will be built:")],
            lines);
    }

    [Theory]
    [InlineData("PromptPolicy", "sometimes", "PromptPolicy 'sometimes' is not one of ask, auto, ask-always.")]
    [InlineData("RebuildAction", "test", "RebuildAction 'test' is not one of switch, boot.")]
    [InlineData("ServerUrl", "portal.example", "ServerUrl 'portal.example' is not an http(s) address")]
    public void Configuration_WithAWrongValue_SaysWhatIsWrong(string key, string value, string message)
    {
        var problem = Assert.Throws<AgentConfigurationException>(() => AgentConfiguration.Load(null, new Dictionary<string, string?> { [key] = value }));

        Assert.StartsWith(message, problem.Message);
    }

    private static T Locked<T>(object gate, Func<T> read)
    {
        lock (gate)
        {
            return read();
        }
    }

    private MachineStateReader Reader() => new(new AgentOptions { SystemRoot = system.Root });
}
