using System.Collections;
using Microsoft.Extensions.Configuration;

namespace FleetPortal.Agent.Configuration;

/// <summary>Builds the agent's configuration in the documented order: file, environment, command line.</summary>
public static class AgentConfiguration
{
    public const string EnvironmentPrefix = "FleetPortalAgent__";

    public static IConfigurationBuilder AddAgentSources(this IConfigurationBuilder builder, string? configFile, IReadOnlyDictionary<string, string?> commandLine)
    {
        var file = configFile ?? AgentOptions.DefaultConfigFile;
        if (configFile is not null && !File.Exists(configFile))
        {
            throw new AgentConfigurationException($"The configuration file {configFile} does not exist.");
        }

        builder.AddJsonFile(Path.GetFullPath(file), optional: configFile is null, reloadOnChange: false);

        var environment = new Dictionary<string, string?>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && key.StartsWith(EnvironmentPrefix, StringComparison.Ordinal))
            {
                environment[AgentOptions.SectionKey + ":" + key[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal)] = entry.Value as string;
            }
        }

        builder.AddInMemoryCollection(environment);
        builder.AddInMemoryCollection(commandLine.ToDictionary(p => AgentOptions.SectionKey + ":" + p.Key, p => p.Value));
        return builder;
    }

    public static AgentOptions Load(string? configFile, IReadOnlyDictionary<string, string?> commandLine)
    {
        var configuration = new ConfigurationBuilder().AddAgentSources(configFile, commandLine).Build();
        return Bind(configuration);
    }

    public static AgentOptions Bind(IConfiguration configuration)
    {
        var options = configuration.GetSection(AgentOptions.SectionKey).Get<AgentOptions>() ?? new AgentOptions();
        if (Check(options) is { } problem)
        {
            throw new AgentConfigurationException(problem);
        }

        return options;
    }

    /// <summary>Null when the settings make sense, else what is wrong.</summary>
    public static string? Check(AgentOptions options)
    {
        if (options.ServerUrl is { Length: > 0 } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            return $"ServerUrl '{url}' is not an http(s) address such as https://portal.example.";
        }

        if (options.PromptPolicy is not ("ask" or "auto" or "ask-always"))
        {
            return $"PromptPolicy '{options.PromptPolicy}' is not one of ask, auto, ask-always.";
        }

        if (options.RebuildAction is not ("switch" or "boot"))
        {
            return $"RebuildAction '{options.RebuildAction}' is not one of switch, boot.";
        }

        if (options.ReconnectDelayMin <= TimeSpan.Zero || options.ReconnectDelayMax < options.ReconnectDelayMin)
        {
            return "ReconnectDelayMin must be positive and at most ReconnectDelayMax.";
        }

        return null;
    }
}
