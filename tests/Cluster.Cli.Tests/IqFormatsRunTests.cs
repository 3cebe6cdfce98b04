using System.Text.Json.Nodes;
using Cluster.TestSupport;

namespace Cluster.Cli.Tests;

/// <summary>`cluster run` of an iq-spectrogram spec over a folder of real recordings in several formats.</summary>
public class IqFormatsRunTests
{
    private static string Fixture(params string[] parts) => RepositoryPaths.Fixture(["iq-formats", .. parts]);

    [Fact]
    public async Task A_mixed_folder_gives_one_spectrogram_per_recording_and_no_data_for_the_parts()
    {
        using var temp = new TempDirectory();
        var data = Directory.CreateDirectory(temp.File("iq")).FullName;
        foreach (var file in new[] { "wav/meteor_small.wav", "raw/g001_433.92M_250k.cu8", "raw/Aurora_RGB_Q5.C16", "raw/Aurora_RGB_Q5.TXT" })
            File.Copy(Fixture(file.Split('/')), Path.Combine(data, Path.GetFileName(file)));
        // A SigMF pair (ri16_be, the rarest byte order) from the IQ-TAR recording's samples, written by numpy.
        Python.Run("""
            import sys, json, tarfile, numpy as np
            with tarfile.open(sys.argv[1]) as tar:
                x = np.frombuffer(tar.extractfile("vsa-edge_001.complex.1ch.float32").read(), dtype="<f4")
            (np.round(x[0::2] * 20000)).astype(">i2").tofile(sys.argv[2] + ".sigmf-data")
            json.dump({"global": {"core:datatype": "ri16_be", "core:sample_rate": 1083330, "core:version": "1.0.0"},
                       "captures": [{"core:sample_start": 0, "core:frequency": 9e8}], "annotations": []},
                      open(sys.argv[2] + ".sigmf-meta", "w"))
            """, Fixture("iqtar", "zapisano_vsa-edge_001.iq.tar"), Path.Combine(data, "edge"));
        var spec = temp.File("iq.yaml");
        File.WriteAllText(spec, """
            name: mixed
            kind: iq-spectrogram
            input: { directory: iq, glob: "*" }
            params: { lframes: 256, mode: compat }
            outputs: { formats: [npz] }
            """);

        var run = await CliRunner.RunAsync("run", spec, "--data", temp.File("state"), "--workers", "2");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var runDir = Path.Combine(temp.File("state"), "artifacts", "runs", "mixed");
        var progress = JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "progress.json")))!;
        Assert.Equal(["Aurora_RGB_Q5.C16", "edge.sigmf-meta", "g001_433.92M_250k.cu8", "meteor_small.wav"],
            progress["completed_items"]!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(["Aurora_RGB_Q5.TXT", "edge.sigmf-data"],
            progress["no_data"]!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Empty(progress["errors"]!.AsArray());

        // Each NPZ's frequency axis is the recording's own (compat: offsets from the centre, fs/lframes apart).
        var steps = Python.Run("""
            import sys, numpy as np
            for path in sys.argv[1:]:
                z = np.load(path)
                print(round(float(np.diff(z["frequency_hz"])[0] * 256)), z["power"].shape[0])
            """,
            Path.Combine(runDir, "Aurora_RGB_Q5.C16", "Aurora_RGB_Q5.npz"),
            Path.Combine(runDir, "edge.sigmf-meta", "edge.npz"),
            Path.Combine(runDir, "g001_433.92M_250k.cu8", "g001_433.92M_250k.npz"),
            Path.Combine(runDir, "meteor_small.wav", "meteor_small.npz")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["500000 2096", "1083330 1001", "250000 1024", "222222 122"], steps);
    }

    [Fact]
    public async Task Spectrogram_command_reads_a_raw_capture_by_format_and_names_the_flag_without_it()
    {
        using var temp = new TempDirectory();
        var capture = temp.File("capture.dat");
        File.Copy(Fixture("raw", "modes1.bin"), capture);

        var refused = await CliRunner.RunAsync("spectrogram", capture, "-o", temp.File("out"), "--sample-rate", "2e6");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("unknown IQ file type '.dat': a headerless capture needs --raw-format", refused.Error);
        Assert.False(Directory.Exists(temp.File("out")));

        var read = await CliRunner.RunAsync("spectrogram", capture, "-o", temp.File("out"), "--raw-format", "cu8",
            "--sample-rate", "2e6", "--center-frequency", "1090e6", "--format", "npz", "--mode", "compat");
        Assert.True(read.ExitCode == 0, read.Error);
        Assert.Contains("raw cu8, 2000000 Hz sample rate, centre 1090000000 Hz", read.Error);
        Assert.Contains("sample rate 2000000 Hz given (the file records none)", read.Error);
    }
}
