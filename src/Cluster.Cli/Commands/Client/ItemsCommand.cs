using System.CommandLine;
using Cluster.Core.Work;
using Spectre.Console;

namespace Cluster.Cli.Commands.Client;

/// <summary><c>cluster items RUN [--state S] [--search T] [--json]</c>: a run's items in input order, with the first line of the reason of each error or no_data item.</summary>
public static class ItemsCommand
{
    public static Command Create(Terminal terminal)
    {
        var connection = new ServerConnection();
        var run = new Argument<string>("run") { Description = "The run's name" };
        var state = new Option<string?>("--state") { Description = "pending, leased, done, error, no_data or cancelled" };
        var search = new Option<string?>("--search") { Description = "Only items whose key contains this text" };
        var offset = new Option<int>("--offset") { Description = "Items to skip", DefaultValueFactory = _ => 0 };
        var limit = new Option<int>("--limit") { Description = "At most this many items (up to 1000)", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var command = new Command("items", "List a run's items in input order") { run, state, search, offset, limit, json };
        connection.AddTo(command);
        command.SetAction((parse, ct) => ApiFailureReport.GuardAsync(terminal, parse.GetRequiredValue(connection.Server), async () =>
        {
            var stateText = parse.GetValue(state);
            ItemState? filter = stateText is null ? null : StateText.ParseItemState(stateText);
            var client = connection.Connect(parse, out var http);
            using (http)
            {
                var page = await client.ListItemsAsync(parse.GetRequiredValue(run), filter, parse.GetValue(search),
                    parse.GetValue(offset), parse.GetValue(limit), ct);
                if (parse.GetValue(json))
                {
                    ResultConsole.WriteJson(terminal, page);
                    return ExitCodes.Ok;
                }
                // REASON: first line of why an item ended error or no_data; `cluster log RUN ITEM` has all of it.
                var table = ResultConsole.Table(terminal, "INDEX", "KEY", "STATE", "ATTEMPTS", "REASON");
                foreach (var item in page.Items)
                    table.AddRow(item.Index.ToString(), Markup.Escape(item.Key), item.State.Text(), item.Attempts.ToString(), Markup.Escape(item.Reason ?? ""));
                ResultConsole.WriteRows(terminal, table, "no items");
                return ExitCodes.Ok;
            }
        }));
        return command;
    }
}
