using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Cluster.Storage.Readiness;

/// <summary>
/// Waits at start for a server's stores to answer: pods start in any order, so a database that is not up yet is a
/// reason to wait (with backoff, one log line per attempt naming it), not to die. Gives up after the configured limit
/// with a <see cref="DependencyUnavailableException"/>, or at once when the answer cannot get better by waiting
/// (a wrong password, say).
/// </summary>
public static class StartupWait
{
    /// <summary>The dependencies a process with this work store and artifact store needs: PostgreSQL and an S3 endpoint.
    /// SQLite files and local artifact folders have nothing to wait for.</summary>
    public static IReadOnlyList<StartupDependency> DependenciesOf(string store, string artifacts)
    {
        var dependencies = new List<StartupDependency>();
        if (WorkStores.PostgresConnectionString(store) is { } postgres) dependencies.Add(PostgresDependency.For(postgres));
        if (artifacts.StartsWith("s3://", StringComparison.Ordinal)) dependencies.Add(S3EndpointDependency.For(artifacts));
        return dependencies;
    }

    /// <param name="status">Told what is being waited for at each attempt (the orchestrator's /readyz answers with it).</param>
    /// <exception cref="DependencyUnavailableException">A dependency did not answer within the limit, or refused for good.</exception>
    public static async Task WaitAsync(IReadOnlyList<StartupDependency> dependencies, StartupWaitOptions options, ILogger log,
        CancellationToken ct, IProgress<string>? status = null)
    {
        var clock = Stopwatch.StartNew();
        foreach (var dependency in dependencies)
            await WaitForAsync(dependency, options, log, clock, status, ct).ConfigureAwait(false);
    }

    private static async Task WaitForAsync(StartupDependency dependency, StartupWaitOptions options, ILogger log, Stopwatch clock,
        IProgress<string>? status, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            status?.Report($"waiting for {dependency} (attempt {attempt})");
            var remaining = options.Limit - clock.Elapsed;
            var timeout = TimeSpan.FromTicks(Math.Clamp(remaining.Ticks, TimeSpan.FromSeconds(1).Ticks, options.AttemptTimeout.Ticks));
            Exception failure;
            try
            {
                await dependency.ProbeAsync(timeout, ct).ConfigureAwait(false);
                if (attempt > 1)
                    log.LogInformation("{Role} answers: {Service} at {Host}:{Port}, {TargetKind} {Target}, after {Attempts} attempts in {Seconds:0.0} s",
                        Capitalised(dependency.Role), dependency.Service, dependency.Host, dependency.Port, dependency.TargetKind, dependency.Target,
                        attempt, clock.Elapsed.TotalSeconds);
                return;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                failure = e;
            }
            var reason = Reason(failure);
            if (!dependency.IsPassing(failure))
                throw new DependencyUnavailableException($"{dependency} refused the connection: {reason}", failure);
            var delay = options.DelayAfter(attempt);
            var left = options.Limit - clock.Elapsed;
            if (left <= TimeSpan.Zero || options.Limit == TimeSpan.Zero)
                throw new DependencyUnavailableException(
                    $"{dependency} did not answer within {options.Limit.TotalSeconds:0.#} s ({attempt} attempts; last: {reason}); " +
                    $"start it, check the address, or wait longer with {StartupWaitOptions.Setting} / {StartupWaitOptions.Variable}", failure);
            if (delay > left) delay = left;
            log.LogWarning("Waiting for the {Role}: {Service} at {Host}:{Port}, {TargetKind} {Target}: attempt {Attempt} failed ({Reason}); " +
                           "next in {DelaySeconds:0.0} s, giving up in {LeftSeconds:0} s",
                dependency.Role, dependency.Service, dependency.Host, dependency.Port, dependency.TargetKind, dependency.Target,
                attempt, reason, delay.TotalSeconds, left.TotalSeconds);
            await Task.Delay(delay, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The innermost message (a socket's "Connection refused", not Npgsql's wrapper), on one line.</summary>
    private static string Reason(Exception e)
    {
        var inner = e;
        while (inner.InnerException is { } next && inner is not Npgsql.PostgresException) inner = next;
        var text = inner is Npgsql.PostgresException p ? $"{p.SqlState}: {p.MessageText}" : inner.Message;
        return text.ReplaceLineEndings(" ").Trim();
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
