using System.Net.Http.Json;
using Cluster.Client.Models;

namespace Cluster.Client;

/// <summary>Watched directories: <c>/api/watches</c>.</summary>
public sealed partial class ClusterClient
{
    public Task<WatchStatus> AddWatchAsync(WatchRequest watch, CancellationToken ct = default) =>
        SendAsync<WatchStatus>(HttpMethod.Post, "api/watches", JsonContent.Create(watch, options: ApiJson.Options), ct);

    public Task<List<WatchStatus>> ListWatchesAsync(CancellationToken ct = default) =>
        SendAsync<List<WatchStatus>>(HttpMethod.Get, "api/watches", null, ct);

    /// <summary>Stops the watch; its run finishes with the items it has. A <see cref="ClusterApiException"/> (404) for an unknown watch.</summary>
    public async Task RemoveWatchAsync(string name, CancellationToken ct = default)
    {
        using var request = CreateRequest(HttpMethod.Delete, "api/watches/" + Uri.EscapeDataString(name), null);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw await FailureAsync(response, request, ct);
    }
}
