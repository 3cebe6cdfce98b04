using Cluster.Formats;
using Cluster.TestSupport;

namespace Cluster.Formats.Tests;

public sealed class TimestampedNameTests
{
    [Theory]
    [InlineData("2026-11-21T20:01:02+00:00", "run_20261121_200102")]
    [InlineData("2026-11-21T21:01:02+01:00", "run_20261121_200102")] // written in UTC
    [InlineData("2026-11-21T23:30:59-08:00", "run_20261122_073059")] // the UTC date is the next day
    [InlineData("2027-01-01T00:00:00.999+00:00", "run_20270101_000000")] // fractions are dropped, not rounded
    public void CreateUsesUtcFields(string time, string expected) =>
        Assert.Equal(expected, TimestampedName.Create("run", DateTimeOffset.Parse(time)));

    [Fact]
    public void UniqueAddsCountersForExistingNames()
    {
        using var temp = new TempDirectory();
        var time = new DateTimeOffset(2026, 11, 21, 20, 1, 2, TimeSpan.Zero);

        Assert.Equal("scan_20261121_200102.npz", TimestampedName.Unique(temp.Path, "scan", ".npz", time));
        File.WriteAllText(temp.File("scan_20261121_200102.npz"), "");
        Assert.Equal("scan_20261121_200102_1.npz", TimestampedName.Unique(temp.Path, "scan", "npz", time));
        File.WriteAllText(temp.File("scan_20261121_200102_1.npz"), "");
        Directory.CreateDirectory(temp.File("scan_20261121_200102_2.npz"));
        Assert.Equal("scan_20261121_200102_3.npz", TimestampedName.Unique(temp.Path, "scan", ".npz", time));
        // Other extensions do not collide.
        Assert.Equal("scan_20261121_200102.png", TimestampedName.Unique(temp.Path, "scan", ".png", time));
        Assert.Equal("scan_20261121_200102", TimestampedName.Unique(temp.Path, "scan", "", time));
    }

    [Fact]
    public void BaseNamesWithPathSeparatorsAreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => TimestampedName.Create("../run", DateTimeOffset.UnixEpoch));
        Assert.Contains("'../run' is not a plain name", error.Message);
    }
}
