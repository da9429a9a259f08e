using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FleetPortal.Bench.Portal;

/// <summary>The portal's automation API, as support staff with the bootstrap token use it.</summary>
public sealed class PortalApi : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly HttpClient http;

    public PortalApi(Uri address, string token)
    {
        http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async Task<int> CreateFamilyAsync(string name)
    {
        var family = await PostAsync<IdOnly>("/api/families", new { name, promptMode = "Auto" });
        return family.Id;
    }

    public async Task<IReadOnlyList<EnrolmentCode>> CreateEnrolmentCodesAsync(IReadOnlyList<string> hostNames, int familyId) =>
        await PostAsync<List<EnrolmentCode>>("/api/enrolment-codes", new { hostNames, familyId });

    public async Task<Rollout> RollOutAsync(int familyId) => await PostAsync<Rollout>("/api/rollouts", new { familyId });

    /// <summary>A rollout's deployments counted by status, as a script that rolls out and waits reads them.</summary>
    public async Task<RolloutProgress> RolloutProgressAsync(long rolloutId) =>
        await http.GetFromJsonAsync<RolloutProgress>($"/api/rollouts/{rolloutId}", Json) ?? throw new InvalidDataException($"No progress of rollout {rolloutId}.");

    /// <summary>Proposes adding <paramref name="package"/> to the host; the change's id.</summary>
    public async Task<int> ProposeAsync(string hostName, string package) =>
        (await PostAsync<ProposedChange>($"/api/hosts/{Uri.EscapeDataString(hostName)}/changes", new { add = new[] { package }, reason = "benchmark: approval to agent" })).Change.Id;

    public async Task ApproveAsync(int changeId) => await PostAsync<JsonElement>($"/api/changes/{changeId}/approve", new { });

    public async Task<ServerMemory> MemoryAsync() =>
        await http.GetFromJsonAsync<ServerMemory>("/api/diagnostics/memory", Json) ?? throw new InvalidDataException("No memory figures.");

    /// <summary>The portal's garbage collections so far; reading them causes none.</summary>
    public async Task<ServerCollections> CollectionsAsync() =>
        await http.GetFromJsonAsync<ServerCollections>("/api/diagnostics/collections", Json) ?? throw new InvalidDataException("No collection figures.");

    /// <summary>One page of the host list, the way the dashboard's API clients read it.</summary>
    public async Task HostsPageAsync(int page)
    {
        using var response = await http.GetAsync($"/api/hosts?page={page}&pageSize=25");
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    public async Task<int> HostCountAsync() => (await FirstPageAsync()).TotalCount;

    public async Task<string> FirstHostNameAsync() => (await FirstPageAsync()).Items.FirstOrDefault()?.Name ?? throw new InvalidDataException("The fleet has no hosts.");

    public async Task<bool> IsOnlineAsync(string hostName)
    {
        var found = await http.GetFromJsonAsync<HostPage>($"/api/hosts?search={Uri.EscapeDataString(hostName)}", Json);
        return found?.Items.Any(h => h.Name == hostName && h.IsOnline) == true;
    }

    public void Dispose() => http.Dispose();

    private async Task<HostPage> FirstPageAsync() =>
        await http.GetFromJsonAsync<HostPage>("/api/hosts?page=1&pageSize=25", Json) ?? throw new InvalidDataException("No host list.");

    private async Task<T> PostAsync<T>(string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body, Json);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadFromJsonAsync<T>(Json) ?? throw new InvalidDataException($"POST {path} answered nothing.");
    }

    public sealed record IdOnly(int Id);

    public sealed record ProposedChange(IdOnly Change);

    public sealed record EnrolmentCode(string HostName, string Code);

    public sealed record Rollout(long Id, int Count, IReadOnlyList<RolloutDeployment> Deployments);

    public sealed record RolloutProgress(int Hosts, int Succeeded, int Failed, bool Finished);

    public sealed record RolloutDeployment(Guid Id, int HostId, string HostName);

    public sealed record HostPage(IReadOnlyList<HostState> Items, int TotalCount);

    public sealed record HostState(string Name, bool IsOnline);

    public sealed record ServerMemory(long RssBytes, long ManagedBytes, double CpuMs);

    public sealed record ServerCollections(double PausedMs, int Gen0, int Gen1, int Gen2, long AllocatedBytes)
    {
        /// <summary>What the collector cost the portal since <paramref name="before"/>, and what it allocated, in words.</summary>
        public string Since(ServerCollections before) =>
            FleetPauses.Collections(PausedMs - before.PausedMs, Gen0 - before.Gen0, Gen1 - before.Gen1, Gen2 - before.Gen2, AllocatedBytes - before.AllocatedBytes);
    }
}
