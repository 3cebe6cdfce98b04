using System.Diagnostics;
using Cluster.TestSupport;

namespace Cluster.Cli.Tests;

/// <summary>
/// The <c>./cluster</c> launcher and the package check it shares with <c>./scripts/test</c>, run as real bash
/// processes. The check once used <c>ldconfig -p | grep -q</c> under pipefail and reported installed libraries as
/// missing whenever ldconfig died of SIGPIPE; launchers started together then raced on apt and on the build.
/// </summary>
public sealed class LauncherTests
{
    [Fact]
    public async Task Two_hundred_checks_on_an_installed_machine_report_nothing_missing()
    {
        // The test script installed every runtime package before the tests started.
        var script = $"""
            set -euo pipefail
            source '{RepositoryPaths.Root}/scripts/lib/native-packages.sh'
            for i in $(seq 200); do
              m="$(missing_runtime_packages)"
              [ -z "$m" ] || echo "check $i: missing $m"
            done
            echo checked
            """;
        var result = await Bash(script, TimeSpan.FromSeconds(120));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("checked", result.Output.Trim());
    }

    [Fact]
    public async Task A_library_that_is_not_there_is_reported_by_its_package_and_a_prefix_of_a_name_does_not_count()
    {
        var script = $"""
            set -euo pipefail
            source '{RepositoryPaths.Root}/scripts/lib/native-packages.sh'
            CLUSTER_RUNTIME_LIBRARIES[libzstd.so]=libzstd-dev-stand-in
            CLUSTER_RUNTIME_LIBRARIES[libnot-a-library.so.7]=not-a-package
            CLUSTER_RUNTIME_FILES[/nonexistent/font.ttf]=fonts-stand-in
            echo "$(missing_runtime_packages)" | tr ' ' '\n' | sort | tr '\n' ' '
            """;
        var result = await Bash(script, TimeSpan.FromSeconds(30));
        Assert.Equal(0, result.ExitCode);
        // libzstd.so.1 is installed; libzstd.so (the -dev link) is a prefix of it, not the same library.
        Assert.Equal("fonts-stand-in libzstd-dev-stand-in not-a-package", result.Output.Trim());
    }

    [Fact]
    public async Task Four_launchers_started_at_once_on_a_stale_build_make_one_build_and_four_working_commands()
    {
        using var builds = new TempDirectory();
        var launches = Enumerable.Range(0, 4).Select(_ => Run(Path.Combine(RepositoryPaths.Root, "cluster"), ["--version"],
            new Dictionary<string, string> { ["CLUSTER_BUILD_DIR"] = builds.Path }, TimeSpan.FromMinutes(12))).ToArray();
        var results = await Task.WhenAll(launches);

        foreach (var result in results)
        {
            Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Output}{result.Error}");
            Assert.StartsWith("1.0.0", result.Output.Trim());
            Assert.DoesNotContain("installing missing Debian packages", result.Error);
        }
        Assert.Equal(1, results.Count(r => r.Error.Contains("building the cluster CLI")));
        Assert.Single(Directory.GetDirectories(builds.Path, "cli-*"));
        Assert.True(new FileInfo(Path.Combine(builds.Path, "cli")).LinkTarget is { Length: > 0 });

        // A fresh build is reused: the next launch builds nothing.
        var again = await Run(Path.Combine(RepositoryPaths.Root, "cluster"), ["--version"],
            new Dictionary<string, string> { ["CLUSTER_BUILD_DIR"] = builds.Path }, TimeSpan.FromMinutes(1));
        Assert.Equal(0, again.ExitCode);
        Assert.DoesNotContain("building", again.Error);
    }

    private static Task<ProcessResult> Bash(string script, TimeSpan timeout) =>
        Run("/bin/bash", ["-c", script], new Dictionary<string, string>(), timeout);

    private static async Task<ProcessResult> Run(string file, string[] args, Dictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }
        return new ProcessResult(process.ExitCode, await output, await error);
    }

    private sealed record ProcessResult(int ExitCode, string Output, string Error);
}
