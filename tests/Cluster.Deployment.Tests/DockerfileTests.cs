using System.Diagnostics;
using System.Text.RegularExpressions;
using Cluster.TestSupport;

namespace Cluster.Deployment.Tests;

/// <summary>
/// The image without a Docker engine (none here): its runtime packages exist in Debian 12 (apt-cache policy, where apt
/// is installed), cover every native library the code binds, and the image runs as a fixed non-root user with
/// <c>cluster</c> as its entrypoint.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string Dockerfile = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docker", "Dockerfile"));

    private static IReadOnlyList<string> RuntimePackages()
    {
        var line = AptInstall().Match(Dockerfile);
        Assert.True(line.Success, "no apt-get install line in docker/Dockerfile");
        return line.Groups["packages"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void Every_runtime_package_has_a_candidate_in_the_machines_debian_release()
    {
        var packages = RuntimePackages();
        Assert.Contains("libhdf5-103-1", packages);
        if (!File.Exists("/usr/bin/apt-cache"))
            return; // Not a Debian machine: the package names cannot be checked here (docs/operations.md says how).
        var release = File.ReadAllText("/etc/os-release");
        Assert.Contains("VERSION_CODENAME=bookworm", release);
        var missing = new List<string>();
        foreach (var package in packages)
        {
            var policy = Run("/usr/bin/apt-cache", "policy", package);
            var candidate = Regex.Match(policy, @"Candidate:\s*(\S+)");
            if (!candidate.Success || candidate.Groups[1].Value == "(none)") missing.Add(package);
        }
        Assert.True(missing.Count == 0, $"no Debian 12 candidate for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_image_installs_every_library_the_launcher_installs()
    {
        // scripts/lib/native-packages.sh is the one list of native libraries the code binds; the image must carry them all.
        var script = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "scripts", "lib", "native-packages.sh"));
        var needed = Regex.Matches(script, @"\[lib[^\]]+\]=(?<package>[a-z0-9.+-]+)").Select(m => m.Groups["package"].Value)
            .Concat(Regex.Match(script, @"CLUSTER_RUNTIME_PACKAGES=\((?<list>[^)]*)\)").Groups["list"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        Assert.Contains("libhdf5-103-1", needed);
        Assert.Contains("libzstd1", needed);
        Assert.Empty(needed.Except(RuntimePackages()));
    }

    [Fact]
    public void Multi_stage_non_root_entrypoint_cluster_with_oci_labels_on_a_debian_12_runtime()
    {
        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build", Dockerfile);
        Assert.Contains("ARG DEBIAN_RELEASE=bookworm", Dockerfile);
        Assert.Contains("FROM debian:${DEBIAN_RELEASE}-slim AS runtime", Dockerfile);
        Assert.Matches(@"(?m)^USER 10001:10001$", Dockerfile);
        Assert.Matches(@"(?m)^ENTRYPOINT \[""cluster""\]$", Dockerfile);
        foreach (var label in new[] { "title", "description", "version", "revision", "created", "licenses", "documentation", "base.name" })
            Assert.Contains($"org.opencontainers.image.{label}=", Dockerfile);
        // The last FROM is the runtime: nothing after it may switch back to root.
        var runtime = Dockerfile[Dockerfile.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];
        Assert.DoesNotContain("USER root", runtime);
    }

    [Fact]
    public void The_image_and_the_launcher_give_silos_two_malloc_arenas()
    {
        // With glibc's default of 8 arenas per core an orchestrator silo's RSS grew through a soak (docs/reliability.md#soak).
        var runtime = Dockerfile[Dockerfile.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];
        Assert.Matches(@"(?m)^\s+MALLOC_ARENA_MAX=2$", runtime);
        var launcher = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "cluster"));
        Assert.Contains("export MALLOC_ARENA_MAX=\"${MALLOC_ARENA_MAX:-2}\"\nexec dotnet ", launcher);
    }

    [Fact]
    public void Dockerignore_sends_only_the_sources_and_build_props()
    {
        var ignore = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, ".dockerignore")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal("**", ignore[0]);
        Assert.Contains("!src/**", ignore);
        Assert.Contains("src/**/bin/", ignore);
        Assert.Contains("src/**/obj/", ignore);
        // Everything the build stage COPYs is let through.
        foreach (Match copy in Regex.Matches(Dockerfile, @"(?m)^COPY (?!--from)(?<sources>.+) \S+$"))
            foreach (var source in copy.Groups["sources"].Value.Split(' '))
                Assert.True(ignore.Contains("!" + source) || ignore.Contains("!" + source.TrimEnd('/') + "/**"), $"{source} is excluded by .dockerignore");
    }

    private static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    [GeneratedRegex(@"apt-get install -y --no-install-recommends (?<packages>[a-z0-9.+ -]+?)\s*\\?\n")]
    private static partial Regex AptInstall();
}
