using System.Collections.Concurrent;
using System.Net;
using Cluster.TestSupport;

namespace Cluster.Deployment.Tests;

/// <summary>
/// A plain HTTP listener on loopback standing in for the Kubernetes API server (none runs here): records every request
/// and answers with the next queued status (200 once the queue is empty).
/// </summary>
public sealed class LoopbackKubernetesApi : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly BlockingCollection<ApiRequest> _requests = new();
    private readonly ConcurrentQueue<HttpStatusCode> _answers = new();

    public LoopbackKubernetesApi()
    {
        Address = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/");
        _listener.Prefixes.Add(Address.AbsoluteUri);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public Uri Address { get; }

    public void AnswerNext(HttpStatusCode status) => _answers.Enqueue(status);

    public ApiRequest Take() =>
        _requests.TryTake(out var request, TimeSpan.FromSeconds(15)) ? request : throw new TimeoutException("no request within 15 s");

    public void Dispose()
    {
        _listener.Close();
        _requests.Dispose();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            using var reader = new StreamReader(context.Request.InputStream);
            _requests.Add(new ApiRequest(context.Request.HttpMethod, context.Request.Url!.PathAndQuery, context.Request.ContentType ?? "",
                context.Request.Headers["Authorization"] ?? "", await reader.ReadToEndAsync()));
            var status = _answers.TryDequeue(out var queued) ? queued : HttpStatusCode.OK;
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = "application/json";
            // A pod for success; a Status object, as the API server sends, for a refusal.
            var body = status == HttpStatusCode.OK
                ? """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"cluster-worker-abc","namespace":"beamline"}}"""
                : $$"""{"apiVersion":"v1","kind":"Status","status":"Failure","reason":"Forbidden","code":{{(int)status}},"message":"pods is forbidden"}""";
            await using (var output = context.Response.OutputStream)
                await output.WriteAsync(System.Text.Encoding.UTF8.GetBytes(body));
        }
    }

    public sealed record ApiRequest(string Method, string PathAndQuery, string ContentType, string Authorization, string Body);
}
