using Cluster.Client.Models;
using Microsoft.AspNetCore.Http;

namespace Cluster.Orchestrator.Api;

/// <summary>The RFC 7807 answers of the API; a rejected spec carries <c>errors: [{field, line, message}]</c>.</summary>
public static class ApiProblems
{
    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not Found", detail);

    public static IResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Conflict", detail);

    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "Bad Request", detail);

    public static IResult UnsupportedMediaType(string detail) => Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type", detail);

    public static IResult TooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, "Payload Too Large", detail);

    public static IResult InvalidSpec(IReadOnlyList<FieldError> errors) =>
        TypedResults.Problem(
            title: "Invalid job spec",
            detail: string.Join(Environment.NewLine, errors),
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    public static IResult UnknownRun(string name) => NotFound($"no run named '{name}'");

    private static IResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);
}
