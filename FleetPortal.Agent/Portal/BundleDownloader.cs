using System.Net.Http.Headers;
using System.Net.Http.Json;
using FleetPortal.Agent.Configuration;
using FleetPortal.Agent.State;
using FleetPortal.Core.Bundles;
using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.Portal;

/// <summary>
/// Fetches a revision's bundle, checks its content hash against the one the deployment carries,
/// and only then writes it to <c>revisions/N/</c> of the state directory. The bundle comes over the
/// agent's connection to the hub when it is up (no request and token check of its own: a rollout to
/// the whole fleet would otherwise open a connection per machine at once), and from the HTTP
/// download with the host token otherwise, or when the hub does not send it (a bundle too large for
/// one message, a portal that does not know the call).
/// </summary>
public sealed class BundleDownloader(AgentOptions options, AgentStateStore store, HttpClient http, PortalLink link)
{
    /// <summary>The verified bundle's directory and whether it is a flake.</summary>
    public async Task<(string Directory, bool IsFlake)> FetchAsync(RebuildRequest request, CancellationToken cancellationToken)
    {
        var bundle = await OverTheHubAsync(request, cancellationToken) ?? await OverHttpAsync(request, cancellationToken);
        var files = bundle.Files.ToList();
        var actual = BundleHash.Compute(files);
        if (!string.Equals(actual, request.ContentHash, StringComparison.Ordinal))
        {
            throw new BundleRefusedException(
                $"The bundle of revision {request.RevisionNumber} does not match the approved content hash (expected {request.ContentHash}, got {actual}); nothing was applied.");
        }

        foreach (var file in files)
        {
            if (BundlePath.Check(file.Path) is { } problem && !BundleFileNames.Generated.Contains(file.Path))
            {
                throw new BundleRefusedException($"The bundle holds a file the agent will not write: {problem}");
            }
        }

        var directory = store.RevisionDirectory(request.RevisionNumber);
        var staging = directory + ".incoming-" + Guid.NewGuid().ToString("N");
        foreach (var file in files)
        {
            var path = Path.Combine(staging, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, file.Content, cancellationToken);
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(directory)!);
        Directory.Move(staging, directory);
        return (directory, files.Any(f => f.Path == BundleFileNames.Flake));
    }

    private async Task<BundleDownload?> OverTheHubAsync(RebuildRequest request, CancellationToken cancellationToken)
    {
        if (!link.IsConnected)
        {
            return null;
        }

        try
        {
            return await link.InvokeAsync<BundleDownload>(nameof(IAgentHub.DownloadBundle), new BundleRequest(request.RevisionNumber), cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The HTTP download answers every bundle, and says for certain when there is none.
            return null;
        }
    }

    private async Task<BundleDownload> OverHttpAsync(RebuildRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(options.ServerUrl!), AgentProtocol.BundlePath(request.RevisionNumber)));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", store.ReadToken());
        using var response = await http.SendAsync(message, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new BundleRefusedException($"The portal has no revision {request.RevisionNumber} for this host; nothing was applied.");
        }

        // Anything else unexpected (the portal away, overloaded) is worth another try later.
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(AgentProtocolJson.Default.BundleDownload, cancellationToken)
            ?? throw new InvalidDataException("The portal sent an empty bundle.");
    }
}
