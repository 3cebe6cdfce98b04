using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Cluster.Client;

/// <summary>
/// The wire format both sides use: snake_case names and snake_case enum values (<c>completed_with_errors</c>), so the
/// orchestrator serialises and the client reads the very same model types with the very same rules.
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Applies the wire rules to options owned by someone else (ASP.NET's HTTP JSON options).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        // Numbers are numbers: quoted numbers would also make every integer schema "string or integer".
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.TypeInfoResolver ??= new DefaultJsonTypeInfoResolver();
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly();
        return options;
    }
}
