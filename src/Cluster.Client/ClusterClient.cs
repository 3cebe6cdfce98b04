using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Client.Models;
using Cluster.Core.Work;

namespace Cluster.Client;

/// <summary>
/// Typed access to the orchestrator's HTTP API. <paramref name="http"/> carries the base address; the token, when
/// given, is sent per request (never set on the shared client) as <c>Authorization: Bearer</c>. Every refusal is a
/// <see cref="ClusterApiException"/> with the server's problem details.
/// </summary>
public sealed partial class ClusterClient(HttpClient http, string? token)
{
    private const string ProblemMediaType = "application/problem+json";

    public Uri? BaseAddress => http.BaseAddress;

    /// <param name="spec">The job spec as written (YAML or JSON); a relative <c>input.directory</c> is resolved by the server against its first input root.</param>
    /// <param name="mediaType"><c>application/yaml</c> (default) or <c>application/json</c>.</param>
    public Task<SubmitResponse> SubmitAsync(string spec, bool ignoreProgress = false, string mediaType = "application/yaml",
        CancellationToken ct = default)
    {
        var content = new StringContent(spec, Encoding.UTF8, mediaType);
        return SendAsync<SubmitResponse>(HttpMethod.Post, "api/runs" + Query(("ignore_progress", ignoreProgress ? "true" : null)), content, ct);
    }

    /// <param name="since">Runs created at or after this time.</param>
    /// <param name="until">Runs created before this time.</param>
    public Task<List<RunStatus>> ListRunsAsync(RunState? state = null, string? kind = null, string? sample = null, int? limit = null,
        CancellationToken ct = default, DateTimeOffset? since = null, DateTimeOffset? until = null) =>
        SendAsync<List<RunStatus>>(HttpMethod.Get, "api/runs" + Query(("state", state?.Text()), ("kind", kind), ("sample", sample),
            ("since", Iso(since)), ("until", Iso(until)), ("limit", limit?.ToString())), null, ct);

    private static string? Iso(DateTimeOffset? time) =>
        time?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture);

    public Task<RunStatus> GetRunAsync(string run, CancellationToken ct = default) =>
        SendAsync<RunStatus>(HttpMethod.Get, RunPath(run), null, ct);

    public Task<ItemPage> ListItemsAsync(string run, ItemState? state = null, string? search = null, int offset = 0, int limit = 100,
        CancellationToken ct = default) =>
        SendAsync<ItemPage>(HttpMethod.Get, RunPath(run, "items") + Query(("state", state?.Text()), ("search", search),
            ("offset", offset.ToString()), ("limit", limit.ToString())), null, ct);

    public Task<List<ItemLogLine>> ItemLogAsync(string run, string itemKey, CancellationToken ct = default) =>
        SendAsync<List<ItemLogLine>>(HttpMethod.Get, RunPath(run, "log") + Query(("key", itemKey)), null, ct);

    public Task<ProgressDocument> ProgressAsync(string run, CancellationToken ct = default) =>
        SendAsync<ProgressDocument>(HttpMethod.Get, RunPath(run, "progress"), null, ct);

    /// <param name="itemKey">One item's artifacts, "" for the run-level ones, null for all of the run.</param>
    public Task<List<ArtifactInfo>> ListArtifactsAsync(string run, string? itemKey = null, CancellationToken ct = default) =>
        SendAsync<List<ArtifactInfo>>(HttpMethod.Get, RunPath(run, "artifacts") + Query(("item", itemKey)), null, ct);

    /// <summary>The artifact's bytes as the server streams them; dispose the stream.</summary>
    public async Task<Stream> OpenArtifactAsync(string run, string itemKey, string name, CancellationToken ct = default)
    {
        var path = RunPath(run, "artifacts/content") + Query(("item", itemKey), ("name", name));
        using var request = CreateRequest(HttpMethod.Get, path, null);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            using (response) throw await FailureAsync(response, request, ct);
        }
        return await response.Content.ReadAsStreamAsync(ct);
    }

    public Task<RunStatus> CancelAsync(string run, CancellationToken ct = default) =>
        SendAsync<RunStatus>(HttpMethod.Post, RunPath(run, "cancel"), null, ct);

    public Task<RunStatus> ResumeAsync(string run, CancellationToken ct = default) =>
        SendAsync<RunStatus>(HttpMethod.Post, RunPath(run, "resume"), null, ct);

    public Task<RetryResponse> RetryAsync(string run, CancellationToken ct = default) =>
        SendAsync<RetryResponse>(HttpMethod.Post, RunPath(run, "retry"), null, ct);

    /// <summary>The silos of the cluster (dead ones for a while too).</summary>
    public Task<List<SiloStatus>> ListSilosAsync(CancellationToken ct = default) =>
        SendAsync<List<SiloStatus>>(HttpMethod.Get, "api/silos", null, ct);

    /// <summary>Workers with a heartbeat in the last 30 seconds.</summary>
    public Task<List<WorkerStatus>> ListWorkersAsync(CancellationToken ct = default) =>
        SendAsync<List<WorkerStatus>>(HttpMethod.Get, "api/workers", null, ct);

    /// <summary>True when the server answers <c>/readyz</c> with 200 (its work store answers).</summary>
    public async Task<bool> IsReadyAsync(CancellationToken ct = default)
    {
        using var response = await http.GetAsync("readyz", ct);
        return response.StatusCode == HttpStatusCode.OK;
    }

    public Task<JsonObject> OpenApiDocumentAsync(CancellationToken ct = default) =>
        SendAsync<JsonObject>(HttpMethod.Get, "openapi.json", null, ct);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = CreateRequest(method, path, content);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw await FailureAsync(response, request, ct);
        return await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, ct)
               ?? throw new InvalidDataException($"{Describe(request)}: the server sent an empty body");
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string path, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (!string.IsNullOrEmpty(token))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ProblemMediaType));
        return request;
    }

    private static async Task<ClusterApiException> FailureAsync(HttpResponseMessage response, HttpRequestMessage request, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        ApiProblem? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is ProblemMediaType or "application/json" && body.Length > 0)
        {
            try
            {
                problem = JsonSerializer.Deserialize<ApiProblem>(body, ApiJson.Options);
            }
            catch (JsonException)
            {
                // Not a problem document after all (a proxy's error page): fall back to the raw text below.
            }
        }
        problem ??= new ApiProblem(null, response.ReasonPhrase ?? "error", (int)response.StatusCode,
            body.Length > 0 ? body.Trim() : null, null, null);
        return new ClusterApiException(response.StatusCode, problem, Describe(request));
    }

    private static string Describe(HttpRequestMessage request) => $"{request.Method} /{request.RequestUri?.OriginalString.Split('?')[0]}";

    private static string RunPath(string run, string? tail = null) =>
        "api/runs/" + Uri.EscapeDataString(run) + (tail is null ? "" : "/" + tail);

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToArray();
        return given.Length > 0 ? "?" + string.Join('&', given) : "";
    }
}
