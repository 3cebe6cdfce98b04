using Cluster.Formats;
using Cluster.TestSupport;

namespace Cluster.Formats.Tests;

public sealed class SafeDirectoryTests
{
    [Fact]
    public void SixteenThreadsCreatingTheSameNestedDirectoryAllSucceed()
    {
        using var temp = new TempDirectory();
        // Repeat with fresh trees so the threads really race on creating the same levels.
        for (var round = 0; round < 20; round++)
        {
            var target = Path.Combine(temp.Path, $"round{round}", "beamtime", "2026", "run_0001", "figures");
            using var start = new Barrier(16);
            var results = new string[16];
            var failures = new List<Exception>();
            var threads = Enumerable.Range(0, 16).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                try { results[i] = SafeDirectory.Create(target); }
                catch (Exception e) { lock (failures) failures.Add(e); }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            Assert.Empty(failures);
            Assert.All(results, r => Assert.Equal(target, r));
            Assert.True(Directory.Exists(target));
        }
    }

    [Fact]
    public void AFileInTheMiddleOfThePathIsNamed()
    {
        using var temp = new TempDirectory();
        var blocker = temp.File("beamtime");
        File.WriteAllText(blocker, "not a directory");

        var error = Assert.Throws<IOException>(() => SafeDirectory.Create(Path.Combine(blocker, "run", "figures")));
        Assert.Contains($"{blocker} is a file, not a directory", error.Message);
    }

    [Fact]
    public void AFileAtTheFinalNameIsNamed()
    {
        using var temp = new TempDirectory();
        var blocker = temp.File("figures");
        File.WriteAllText(blocker, "not a directory");

        var error = Assert.Throws<IOException>(() => SafeDirectory.Create(blocker));
        Assert.Contains($"{blocker} is a file, not a directory", error.Message);
    }

    [Fact]
    public void AnExistingDirectoryIsFineAndTheFullPathIsReturned()
    {
        using var temp = new TempDirectory();
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(temp.Path, "x"));
        Assert.Equal(Path.Combine(temp.Path, "x"), SafeDirectory.Create(relative));
        Assert.Equal(Path.Combine(temp.Path, "x"), SafeDirectory.Create(relative));
    }
}
