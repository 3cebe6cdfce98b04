using System.Diagnostics;
using System.Net;
using Cluster.Grains.Hosting;

namespace Cluster.Grains.Tests;

/// <summary>
/// The address a silo advertises: <c>host</c> is what this machine's host name resolves to, checked against glibc's
/// own resolver (<c>getent ahostsv4</c>) rather than .NET's.
/// </summary>
public sealed class AdvertisedAddressTests
{
    [Fact]
    public void Host_means_the_first_ipv4_address_this_machines_host_name_resolves_to()
    {
        var name = File.ReadAllText("/proc/sys/kernel/hostname").Trim();
        var resolved = Run("/usr/bin/getent", "ahostsv4", name);
        var expected = IPAddress.Parse(resolved.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);

        Assert.Equal(expected, ClusterSilo.AdvertisedAddress("host"));
        Assert.Equal(expected, ClusterSilo.AdvertisedAddress(" HOST "));
        // The same machine named explicitly resolves alike: "host" is a shorthand, not a different lookup.
        Assert.Equal(expected, ClusterSilo.AdvertisedAddress(name));
    }

    [Fact]
    public void An_ip_is_taken_as_given_and_an_unresolvable_name_fails_naming_it()
    {
        Assert.Equal(IPAddress.Parse("10.1.2.3"), ClusterSilo.AdvertisedAddress("10.1.2.3"));
        var error = Assert.Throws<ArgumentException>(() => ClusterSilo.AdvertisedAddress("no-such-silo.invalid"));
        Assert.Contains("'no-such-silo.invalid' is not an IP address and does not resolve", error.Message);
    }

    private static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {process.ExitCode}");
        return output;
    }
}
