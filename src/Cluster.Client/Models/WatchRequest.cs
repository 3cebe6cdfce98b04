namespace Cluster.Client.Models;

/// <summary>
/// <c>POST /api/watches</c>: watch <see cref="Source"/> (a directory on the server, inside its input roots) for files
/// matching <see cref="Pattern"/> and process each once it stayed unchanged for <see cref="SettleSeconds"/>.
/// </summary>
/// <param name="Name">The watch's and its run's name; null: the template's name, else the directory's name.</param>
/// <param name="Pattern">A relative glob such as <c>*.tiq</c> or <c>**/*.bin</c>; null: every file.</param>
/// <param name="SettleSeconds">null: <see cref="DefaultSettleSeconds"/>.</param>
/// <param name="Spec">The job spec template (YAML or JSON) without <c>input</c>.</param>
public sealed record WatchRequest(string? Name, string Source, string? Pattern, int? SettleSeconds, string Spec)
{
    public const int DefaultSettleSeconds = 10;
}
