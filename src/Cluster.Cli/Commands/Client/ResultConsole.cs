using System.Text.Json;
using Cluster.Client;
using Spectre.Console;

namespace Cluster.Cli.Commands.Client;

/// <summary>
/// Results on standard output: Spectre tables with colour on a terminal; borderless, colourless aligned text when
/// piped (no wrapping either, so every row stays one line for grep and awk); indented JSON with <c>--json</c>.
/// </summary>
public static class ResultConsole
{
    private static readonly JsonSerializerOptions Indented = new(ApiJson.Options) { WriteIndented = true };

    public static bool IsTerminal(Terminal terminal) => ReferenceEquals(terminal.Output, Console.Out) && !Console.IsOutputRedirected;

    public static IAnsiConsole For(Terminal terminal)
    {
        var interactive = IsTerminal(terminal);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(terminal.Output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive) console.Profile.Width = 1000;
        return console;
    }

    public static Table Table(Terminal terminal, params string[] columns)
    {
        var table = new Table();
        if (IsTerminal(terminal)) table.Border(TableBorder.Rounded);
        else table.Border(TableBorder.None);
        foreach (var column in columns) table.AddColumn(new TableColumn(Markup.Escape(column)));
        return table;
    }

    /// <summary>The table, or one line such as "no runs" when it has no rows (a bare header reads as a broken listing).</summary>
    public static void WriteRows(Terminal terminal, Table table, string whenEmpty)
    {
        if (table.Rows.Count == 0) terminal.Output.WriteLine(whenEmpty);
        else For(terminal).Write(table);
    }

    public static void WriteJson<T>(Terminal terminal, T value) =>
        terminal.Output.WriteLine(JsonSerializer.Serialize(value, Indented));
}
