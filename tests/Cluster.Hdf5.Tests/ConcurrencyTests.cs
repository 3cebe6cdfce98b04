using System.Diagnostics;
using Cluster.Nexus;
using Cluster.TestSupport;

namespace Cluster.Hdf5.Tests;

/// <summary>
/// Not run in parallel with other tests: HDF5 opens files without O_CLOEXEC, so a child process that another
/// test starts while a file here is open inherits its descriptor and, with it, any lock on the file.
/// </summary>
[CollectionDefinition(nameof(ConcurrencyTests), DisableParallelization = true)]
public sealed class ConcurrencyCollection;

[Collection(nameof(ConcurrencyTests))]
public sealed class ConcurrencyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private const string Read = "import h5py, sys\nwith h5py.File(sys.argv[1], 'r') as f: print(f['x'][()].tolist())";

    public void Dispose() => _dir.Dispose();

    private static NexusGroup Tree(int seed, int frames)
    {
        var root = new NexusGroup("root", "NXroot");
        var data = root.AddGroup("entry", "NXentry").AddGroup("data", "NXdata");
        data.Attributes.Set("signal", "stack");
        var values = Enumerable.Range(0, frames * 64 * 64).Select(i => (float)(seed * 1_000_000 + i)).ToArray();
        data.AddField("stack", new NexusArray(values, frames, 64, 64), new NexusStorage());
        data.AddField("seed", NexusArray.Scalar(seed));
        return root;
    }

    [Fact]
    public async Task Writing_here_while_h5py_in_another_process_reads_a_finished_file_works_for_both()
    {
        var finished = _dir.File("finished.nxs");
        NexusFileWriter.Write(Tree(seed: 7, frames: 20), finished);

        // The reader opens and sums the finished file over and over while this process writes other files.
        var start = new ProcessStartInfo(Python.Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", """
            import h5py, sys
            n = 0
            for _ in range(60):
                with h5py.File(sys.argv[1], 'r') as f:
                    s = f['entry/data/stack'][()]
                    assert int(f['entry/data/seed'][()]) == 7 and s[0, 0, 0] == 7e6 and s.shape == (20, 64, 64)
                    n += 1
            print(n)
            """, finished }) start.ArgumentList.Add(a);
        using var reader = Process.Start(start)!;
        var readerOut = reader.StandardOutput.ReadToEndAsync();
        var readerErr = reader.StandardError.ReadToEndAsync();

        // Keep writing (six rotating files) until the reader is done, so that writes and reads overlap.
        var written = Enumerable.Range(1, 6).Select(seed => _dir.File($"written{seed}.nxs")).ToList();
        var writesWhileReading = 0;
        for (var round = 0; round < 500 && (round < 6 || !reader.HasExited); round++)
        {
            NexusFileWriter.Write(Tree(round % 6 + 1, frames: 20), written[round % 6]);
            if (!reader.HasExited) writesWhileReading++;
        }
        Assert.True(writesWhileReading > 0, "the reader finished before the first write: nothing overlapped");
        await reader.WaitForExitAsync();
        Assert.True(reader.ExitCode == 0, await readerErr);
        Assert.Equal("60", (await readerOut).Trim());

        var seeds = H5py.Json("print(json.dumps([[int(h5py.File(p, 'r')['entry/data/seed'][()]), float(h5py.File(p, 'r')['entry/data/stack'][19, 63, 63])] for p in sys.argv[1:]]))", [.. written]);
        Assert.Equal(
            Enumerable.Range(1, 6).Select(s => $"[{s},{s * 1_000_000 + 20 * 64 * 64 - 1}.0]"),
            seeds.EnumerateArray().Select(e => e.GetRawText().Replace(" ", "")));
    }

    [Fact]
    public void A_reader_process_is_refused_while_a_locking_writer_has_the_file_open_and_reads_it_once_closed()
    {
        var path = _dir.File("in_progress.h5");
        using (var file = H5File.Create(path, fileLocking: true))
        {
            using (var x = file.Root.CreateDataset("x", H5ElementType.Int32, [3])) x.Write<int>([1, 2, 3]);
            file.Flush();
            var refused = Assert.Throws<InvalidOperationException>(() => Python.Run(Read, path));
            Assert.Contains("unable to lock file, errno = 11", refused.Message);
        }
        Assert.Equal("[1, 2, 3]", Python.Run(Read, path).Trim());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_child_process_started_while_a_file_is_open_keeps_its_lock_so_writers_take_none(bool fileLocking)
    {
        // .NET children inherit HDF5's descriptor (HDF5 opens without O_CLOEXEC), and a flock lives as long as
        // any copy of the descriptor: a writer lock would outlive Dispose for as long as the child runs.
        var path = _dir.File($"with_child_{fileLocking}.h5");
        Process? child = null;
        try
        {
            using (var file = H5File.Create(path, fileLocking))
            using (var x = file.Root.CreateDataset("x", H5ElementType.Int32, [3]))
            {
                x.Write<int>([4, 5, 6]);
                child = Process.Start("sleep", "20");
            }
            Assert.False(child!.HasExited);
            if (fileLocking)
                Assert.Contains("unable to lock file, errno = 11", Assert.Throws<InvalidOperationException>(() => Python.Run(Read, path)).Message);
            else
                Assert.Equal("[4, 5, 6]", Python.Run(Read, path).Trim());
        }
        finally
        {
            child?.Kill();
            child?.Dispose();
        }
    }

    [Fact]
    public void Threads_writing_and_reading_their_own_files_at_once_each_get_their_own_data()
    {
        // HDF5 here is thread-safe with one global lock: these calls serialise inside the library, and every
        // thread must still see only its own file and its own errors.
        var results = new double[8][];
        var errors = new string[8];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var path = _dir.File($"thread{i}.h5");
            using (var file = H5File.Create(path))
            using (var d = file.Root.CreateDataset("v", H5ElementType.Float64, [1000], new H5DatasetOptions { Shuffle = true, GzipLevel = 1 }))
                d.Write<double>(Enumerable.Range(0, 1000).Select(k => i * 10_000.0 + k).ToArray());
            using (var file = H5File.OpenRead(path))
            using (var d = file.Root.OpenDataset("v"))
                results[i] = d.Read<double>();
            errors[i] = Assert.Throws<Hdf5Exception>(() => H5File.OpenRead(_dir.File($"missing{i}.h5"))).Message;
        });
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(Enumerable.Range(0, 1000).Select(k => i * 10_000.0 + k), results[i]);
            Assert.StartsWith($"cannot open file '{_dir.File($"missing{i}.h5")}': unable to open file", errors[i]);
        }
    }
}
