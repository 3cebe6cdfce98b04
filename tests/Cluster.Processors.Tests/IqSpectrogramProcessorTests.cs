using System.Globalization;
using Cluster.Core.Processing;
using Cluster.Processors.IqSpectrogram;
using Cluster.Signal;
using Cluster.TestSupport;

namespace Cluster.Processors.Tests;

public class IqSpectrogramProcessorTests
{
    private static readonly string Tiq = RepositoryPaths.Fixture("iqtools", "p_400_MeV_u_332_uA_0_first102400.tiq");

    private static Task<ProcessorResult> Run(string input, IqSpectrogramParameters parameters, TempDirectory output) =>
        new IqSpectrogramProcessor().ProcessAsync(new WorkInput(Path.GetFileName(input), input), parameters,
            new ProcessorContext(output.Path, output.Path), CancellationToken.None);

    [Fact]
    public async Task Compat_npz_read_by_numpy_matches_the_iqtools_reference()
    {
        using var output = new TempDirectory();
        var result = await Run(Tiq, new IqSpectrogramParameters { Stft = new() { Mode = SpectrogramMode.Compat, Nframes = 100 } }, output);

        Assert.Equal(ItemOutcome.Done, result.Outcome);
        Assert.Equal(["p_400_MeV_u_332_uA_0_first102400.npz", "p_400_MeV_u_332_uA_0_first102400.png"],
            result.Artifacts.Select(a => a.Name).Order());
        var npz = output.File("p_400_MeV_u_332_uA_0_first102400.npz");
        var report = Python.Run("""
            import sys, numpy as np
            z = np.load(sys.argv[1]); ref = np.load(sys.argv[2]).astype(np.float64)
            p = z["power"]
            print(p.dtype, z["frequency_hz"].dtype, z["time_s"].dtype, p.shape[0], p.shape[1])
            print(repr(float(np.max(np.abs(p - ref)) / np.max(ref))))
            print(repr(float(z["frequency_hz"][0])), repr(float(z["time_s"][1])))
            """, npz, RepositoryPaths.Fixture("iqtools", "expected_power_spectrogram_n100_l1024.npy"));
        var lines = report.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("float64 float64 float64 100 1024", lines[0]);
        Assert.True(double.Parse(lines[1], CultureInfo.InvariantCulture) < 1e-4, $"relative error {lines[1]}");
        var axes = lines[2].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        // The fixture's axis was computed in float32; ours is exact in double.
        Assert.Equal(-195121.765625, axes[0], tolerance: 1e-3);
        Assert.Equal(0.00262144, axes[1], 9);
    }

    [Fact]
    public async Task Zoom_figure_is_written_only_with_a_zoom_span_and_decodes_to_the_figure_size()
    {
        using var output = new TempDirectory();
        await Run(Tiq, new IqSpectrogramParameters { Stft = new() { NAvg = 4 }, ZoomSpan = 50_000, Formats = OutputFormats.Parse("png,svg") }, output);

        var names = Directory.GetFiles(output.Path).Select(p => Path.GetFileName(p)).Order().ToArray();
        Assert.Equal(
            ["p_400_MeV_u_332_uA_0_first102400.png", "p_400_MeV_u_332_uA_0_first102400.svg",
             "p_400_MeV_u_332_uA_0_first102400_zoom.png", "p_400_MeV_u_332_uA_0_first102400_zoom.svg"], names);
        var size = Python.Run("""
            import sys, matplotlib.image as im
            for p in sys.argv[1:]:
                a = im.imread(p); print(a.shape[1], a.shape[0], float(a[..., :3].std()) > 0)
            """, output.File(names[0]), output.File(names[2]));
        Assert.Equal("1200 800 True\n1200 800 True\n", size);
    }

    [Fact]
    public async Task Psd_tone_peak_lands_on_its_absolute_frequency()
    {
        using var work = new TempDirectory();
        const double fs = 1_000_000, centre = 100_000_000, offset = 125_000, amplitude = 0.01;
        var iq = new float[2 * 65536];
        for (var k = 0; k < iq.Length / 2; k++)
        {
            var phase = 2 * Math.PI * offset * k / fs;
            iq[2 * k] = (float)(amplitude * Math.Cos(phase));
            iq[2 * k + 1] = (float)(amplitude * Math.Sin(phase));
        }
        var input = work.File("tone.tiq");
        using (var file = File.Create(input))
            TiqWriter.Write(file, iq, fs, centre, DateTimeOffset.UnixEpoch);

        using var output = new TempDirectory();
        await Run(input, new IqSpectrogramParameters { Stft = new() { Lframes = 1024, NAvg = 8 }, Formats = OutputFormats.Parse("npz") }, output);

        var peak = Python.Run("""
            import sys, numpy as np
            z = np.load(sys.argv[1]); p = z["power"].mean(axis=0)
            print(repr(float(z["frequency_hz"][int(np.argmax(p))])), z["power"].shape[0])
            """, output.File("tone.npz")).Split(' ');
        Assert.Equal(centre + offset, double.Parse(peak[0], CultureInfo.InvariantCulture), 1e-6);
        Assert.Equal(8, int.Parse(peak[1], CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("empty.tiq", "")]
    [InlineData("notes.tiq", "this is a text file, not a recording\n")]
    public async Task Bad_recordings_fail_naming_the_file_and_leave_no_output(string name, string content)
    {
        using var work = new TempDirectory();
        var input = work.File(name);
        await File.WriteAllTextAsync(input, content);
        using var output = new TempDirectory();

        var error = await Assert.ThrowsAsync<InvalidIqFileException>(() => Run(input, new IqSpectrogramParameters(), output));

        Assert.Contains(name, error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output.Path));
    }

    [Fact]
    public async Task Zoom_outside_the_band_fails_before_anything_is_written()
    {
        using var output = new TempDirectory();
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Run(Tiq, new IqSpectrogramParameters { ZoomCenter = 1e6, ZoomSpan = 10_000 }, output));
        Assert.StartsWith("zoom_center:", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output.Path));
    }

    [Theory]
    [InlineData(1000, null, null, "lframes:")]
    [InlineData(1024, 5, 3, "start_frame:")]
    public async Task Bad_parameters_are_rejected_with_the_parameter_name(int lframes, int? start, int? end, string prefix)
    {
        using var output = new TempDirectory();
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Run(Tiq, new IqSpectrogramParameters { Stft = new() { Lframes = lframes, StartFrame = start, EndFrame = end } }, output));
        Assert.StartsWith(prefix, error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output.Path));
    }

    [Fact]
    public async Task A_recording_part_ends_no_data_and_the_recording_reports_what_the_reader_decided()
    {
        using var output = new TempDirectory();
        var sidecar = RepositoryPaths.Fixture("iq-formats", "raw", "Aurora_RGB_Q5.TXT");
        var part = await Run(sidecar, new IqSpectrogramParameters(), output);
        Assert.Equal(ItemOutcome.NoData, part.Outcome);
        Assert.Contains("is part of the recording Aurora_RGB_Q5.C16", Assert.Single(part.Notes));
        Assert.Empty(Directory.GetFiles(output.Path));

        // A real-valued channel of a multi-channel SigMF recording, with the centre overridden.
        var meta = output.File("two.sigmf-meta");
        Python.Run("""
            import sys, json, numpy as np
            t = np.arange(8192)
            x = np.stack([np.round(9000 * np.cos(2 * np.pi * 0.05 * t)), np.round(9000 * np.cos(2 * np.pi * 0.2 * t))], axis=1)
            x.astype("<i2").tofile(sys.argv[1][:-5] + "-data")
            json.dump({"global": {"core:datatype": "ri16_le", "core:sample_rate": 1e6, "core:num_channels": 2, "core:version": "1.0.0"},
                       "captures": [{"core:sample_start": 0, "core:frequency": 1e8}]}, open(sys.argv[1], "w"))
            """, meta);
        var result = await Run(meta, new IqSpectrogramParameters
        {
            Stft = new() { Mode = SpectrogramMode.Compat, Lframes = 256 },
            Formats = OutputFormats.Parse("npz"),
            Input = new IqOpenOptions { Channel = 1, CenterFrequency = 2e8 },
        }, output);
        Assert.Equal(ItemOutcome.Done, result.Outcome);
        Assert.StartsWith("sigmf ri16_le channel 1 of 2, 1000000 Hz sample rate, centre 200000000 Hz", result.Notes[0]);
        Assert.Contains(result.Notes, n => n.Contains("centre frequency 200000000 Hz given, overriding the file's 100000000 Hz"));
        Assert.Contains(result.Notes, n => n.StartsWith("real-valued samples (Q = 0): the spectrum is mirrored"));
        // Channel 1's tone sits at +-0.2 fs: bins 128 +- 51.2 of the shifted spectrum.
        var peaks = Python.Run("""
            import sys, numpy as np
            p = np.load(sys.argv[1])["power"].mean(axis=0)
            print(*sorted(np.argsort(p)[-2:]))
            """, output.File("two.npz"));
        Assert.Equal("77 179", peaks.Trim());
    }
}
