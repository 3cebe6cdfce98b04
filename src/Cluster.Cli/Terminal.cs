using Spectre.Console;

namespace Cluster.Cli;

/// <summary>
/// Results go to standard output; progress bars and diagnostics go to standard error, so output stays pipeable.
/// </summary>
public sealed class Terminal(TextWriter output, TextWriter error)
{
    public TextWriter Output { get; } = output;
    public TextWriter Error { get; } = error;

    /// <summary>Spectre console on standard error; bars animate only when it is a terminal.</summary>
    public IAnsiConsole Progress { get; } = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(error),
        Interactive = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected
            ? InteractionSupport.Yes
            : InteractionSupport.No,
    });

    /// <summary>True when standard error is a real terminal, so bars can animate.</summary>
    public bool IsInteractive => ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>Runs work with one progress bar per item label; each bar is fed fractions in [0, 1].</summary>
    public async Task<T> WithProgressAsync<T>(string label, Func<IProgress<double>, Task<T>> work)
    {
        if (!IsInteractive)
            return await work(new Progress<double>());
        return await Progress.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(label), maxValue: 1.0);
                var result = await work(new SynchronousProgress(fraction => task.Value = fraction));
                task.Value = 1.0;
                return result;
            });
    }

    public void Fail(string message) => Error.WriteLine($"error: {message}");

    /// <summary>Reports on the calling thread, unlike <see cref="Progress{T}"/>, which posts to the thread pool.</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
