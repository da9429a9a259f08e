using System.Net.Http.Json;
using System.Text.Json;
using FleetPortal.Agent.Configuration;
using FleetPortal.Agent.Machine;
using FleetPortal.Agent.Portal;
using FleetPortal.Agent.State;
using FleetPortal.Core.Bundles;
using FleetPortal.Core.Protocol;
using Microsoft.Extensions.Logging;

namespace FleetPortal.Agent.Enrolment;

/// <summary>
/// Exchanges an enrolment code for this machine's host token, uploading the configuration folder
/// (<c>/etc/nixos</c>) as the host's first revision, and stores the token readable by root only.
/// </summary>
public sealed class Enroller(AgentOptions options, AgentStateStore store, MachineStateReader machine, HttpClient http, ILogger<Enroller> logger)
{
    private const int MaxFileCharacters = 512 * 1024;

    /// <summary>How often a busy portal (503: nothing was written) is asked again before enrolling gives up.</summary>
    private const int MaxBusyAnswers = 5;

    private static readonly TimeSpan MaxBusyWait = TimeSpan.FromSeconds(30);

    public async Task<EnrolmentReceipt> EnrolAsync(string code, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.ServerUrl))
        {
            throw new AgentConfigurationException("The portal's address is not set: give --server https://portal.example (or ServerUrl in the configuration).");
        }

        if (string.IsNullOrWhiteSpace(code))
        {
            throw new AgentConfigurationException("The enrolment code is empty: give --code ABCD-EFGH as shown in the portal.");
        }

        var request = new EnrolmentRequest(code.Trim(), ReadConfiguration(), machine.Read(), PortalConnection.AgentVersion);
        using var response = await SendAsync(new Uri(new Uri(options.ServerUrl), AgentProtocol.EnrolPath), request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new EnrolmentException(await ReasonAsync(response, cancellationToken));
        }

        var receipt = await response.Content.ReadFromJsonAsync(AgentProtocolJson.Default.EnrolmentReceipt, cancellationToken)
            ?? throw new EnrolmentException("The portal's answer was empty.");
        store.WriteToken(receipt.Token);
        store.Update(state => state with { HostId = receipt.HostId, HostName = receipt.HostName });
        if (receipt.ConfigurationImported)
        {
            logger.LogInformation("Enrolled as {HostName}; configuration imported as revision {Revision}", receipt.HostName, receipt.RevisionNumber);
        }
        else
        {
            logger.LogInformation("Enrolled again as {HostName}; the portal keeps its configuration (revision {Revision}) and did not import this machine's", receipt.HostName, receipt.RevisionNumber);
        }
        return receipt;
    }

    /// <summary>
    /// Posts the enrolment, and posts it again while the portal answers that it is busy (503, with the
    /// wait it asks for in Retry-After): it wrote nothing, so the same code is still good.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Uri enrol, EnrolmentRequest request, CancellationToken cancellationToken)
    {
        for (var answer = 1; ; answer++)
        {
            var response = await http.PostAsJsonAsync(enrol, request, AgentProtocolJson.Default.EnrolmentRequest, cancellationToken);
            if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || answer == MaxBusyAnswers)
            {
                return response;
            }

            var wait = response.Headers.RetryAfter?.Delta is { } asked && asked > TimeSpan.Zero
                ? (asked < MaxBusyWait ? asked : MaxBusyWait)
                : TimeSpan.FromSeconds(5);
            response.Dispose();
            logger.LogWarning("The portal is busy; asking again in {Seconds:0} s", wait.TotalSeconds);
            await Task.Delay(wait, cancellationToken);
        }
    }

    /// <summary>The text files of the configuration folder that a bundle can hold; others are skipped with a warning.</summary>
    public IReadOnlyList<BundleFile> ReadConfiguration()
    {
        var root = options.ConfigurationDirectory;
        if (!Directory.Exists(root))
        {
            logger.LogWarning("The configuration folder {Directory} does not exist; enrolling without files", root);
            return [];
        }

        var files = new List<BundleFile>();
        foreach (var path in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden }).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (BundlePath.Check(relative) is { } problem)
            {
                logger.LogWarning("Not uploading {File}: {Problem}", relative, problem);
                continue;
            }

            var content = File.ReadAllText(path);
            if (content.Length > MaxFileCharacters || content.Contains('\0', StringComparison.Ordinal))
            {
                logger.LogWarning("Not uploading {File}: not a text file of at most {Max} characters", relative, MaxFileCharacters);
                continue;
            }

            files.Add(new BundleFile(relative, content));
        }

        return files;
    }

    private static async Task<string> ReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 } text)
            {
                return text;
            }
        }
        catch (JsonException)
        {
        }

        return $"The portal answered {(int)response.StatusCode} {response.ReasonPhrase}.";
    }
}
