using System.Net;
using Cluster.Client.Models;

namespace Cluster.Client;

/// <summary>The orchestrator refused a request; <see cref="Problem"/> says why (and, for a job spec, where).</summary>
public sealed class ClusterApiException(HttpStatusCode status, ApiProblem problem, string request)
    : Exception($"{request}: {(int)status} {problem.Title}{(string.IsNullOrEmpty(problem.Detail) ? "" : ": " + problem.Detail)}")
{
    public HttpStatusCode Status { get; } = status;
    public ApiProblem Problem { get; } = problem;

    /// <summary>The method and path that failed, e.g. <c>POST /api/runs</c>.</summary>
    public string Request { get; } = request;

    public IReadOnlyList<FieldError> Errors => Problem.Errors ?? [];
}
