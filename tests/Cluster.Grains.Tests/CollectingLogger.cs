using System.Collections.Concurrent;
using Cluster.Core.Working;
using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Tests;

/// <summary>A worker's log lines, kept for the test to read.</summary>
internal sealed class CollectingLogger : ILogger<Worker>
{
    public ConcurrentQueue<(LogLevel Level, string Text)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((logLevel, formatter(state, exception) + (exception is null ? "" : $" {exception.GetType().Name}")));
}
