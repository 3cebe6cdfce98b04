using System.CommandLine;
using System.Text;
using Cluster.Cli.Demo;
using Cluster.Formats;
using Cluster.Nexus.Stxm;
using Cluster.Signal;

namespace Cluster.Cli.Commands;

/// <summary>
/// <c>cluster demo</c>: generates a synthetic Schottky recording as .tiq and as SigMF and a FAST-like campaign of orbit
/// cubes, writes job specs for them and runs them in the embedded mode (SQLite + local folder, no servers), then says
/// where the outputs are.
/// </summary>
public static class DemoCommand
{
    public static Command Create(Terminal terminal)
    {
        var output = new Option<DirectoryInfo>("--output", "-o")
        {
            Description = "Directory for the generated data, the job specs and the outputs",
            DefaultValueFactory = _ => new DirectoryInfo("demo-output"),
        };
        var command = new Command("demo", "Generate sample data and run the main jobs end to end, no servers needed") { output };
        command.SetAction((parse, cancellationToken) => RunAsync(terminal, parse.GetRequiredValue(output).FullName, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(Terminal terminal, string root, CancellationToken cancellationToken)
    {
        var data = SafeDirectory.Create(Path.Combine(root, "data"));
        var signal = new SchottkySignal();
        terminal.Error.WriteLine($"generating a synthetic Schottky recording ({signal.Samples:N0} samples at {signal.SampleRate:N0} Hz)...");
        var iq = signal.Generate();
        var time = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        AtomicFile.Write(Path.Combine(data, "schottky.tiq"), s => TiqWriter.Write(s, iq, signal.SampleRate, signal.CenterFrequency, time));
        var sigmf = Path.Combine(data, "schottky-sigmf.sigmf-data");
        AtomicFile.Write(sigmf, s => SigMfWriter.WriteData(s, iq, SigMfDatatype.Ci16Le));
        var meta = SigMfWriter.MetaJson(SigMfDatatype.Ci16Le, signal.SampleRate, signal.CenterFrequency, time,
            "cluster demo: synthetic Schottky noise bands and two tones");
        AtomicFile.Write(Path.ChangeExtension(sigmf, ".sigmf-meta"), s => s.Write(Encoding.UTF8.GetBytes(meta)));

        var campaign = new FastCampaign();
        terminal.Error.WriteLine($"generating a FAST-like campaign ({campaign.Orbits} orbits, electron and ion cubes of {campaign.Times} x {campaign.Pitches} x {campaign.Energies})...");
        campaign.Write(Path.Combine(root, "fast"));

        var zoom = signal.CenterFrequency + (signal.CooledBand.StartHz + signal.CooledBand.EndHz) / 2;
        var specs = new Dictionary<string, string>
        {
            ["demo-psd.yaml"] = $"""
                # Calibrated PSD (dBm/Hz) of every .tiq recording, with a zoom on the cooled band.
                name: demo-psd
                kind: iq-spectrogram
                input: {"{"} directory: data, glob: "*.tiq" {"}"}
                params: {"{"} lframes: 1024, n_avg: 8, zoom_center: {zoom:0}, zoom_span: 20000 {"}"}
                outputs: {"{"} formats: [png, svg, npz] {"}"}
                """,
            ["demo-sigmf.yaml"] = $"""
                # The same recording stored as SigMF (ci16_le).
                name: demo-sigmf
                kind: iq-spectrogram
                input: {"{"} directory: data, glob: "*.sigmf-meta" {"}"}
                params: {"{"} n_avg: 8, zoom_center: {zoom:0}, zoom_span: 20000 {"}"}
                """,
            ["demo-compat.yaml"] = """
                # iqtools-compatible power spectrogram (|fftshift(fft)|^2, no window).
                name: demo-compat
                kind: iq-spectrogram
                input: { directory: data, glob: "*.tiq" }
                params: { mode: compat, n_avg: 8, colormap: magma }
                """,
            ["demo-checksum.yaml"] = """
                # SHA-256 and size of every generated file.
                name: demo-checksum
                kind: checksum
                input: { directory: data, glob: "*" }
                """,
            ["demo-fast.yaml"] = $$"""
                # A FAST-like campaign: one figure per orbit with electron and ion energy spectrograms and electron
                # pitch angles; a zoom column around the cusp crossing of {{campaign.Cusp.Orbit}}; {{campaign.Quiet}} has no data.
                name: demo-fast
                kind: spectrogram-set
                input: { directory: fast, glob: "ees/*.npz" }
                params:
                  title: "FAST-like {item}"
                  z_scale: log
                  zoom_minutes: 6.25
                  events: { {{campaign.Cusp.Orbit}}: [{{campaign.Cusp.Entry:0}}, {{campaign.Cusp.Exit:0}}] }
                  rows:
                    - { file: "ees/{item}.npz", x: time_unix, y: energy, data: eflux, label: Electrons, y_scale: log, z_label: "Energy flux (eV/(cm² s sr eV))" }
                    - { file: "ies/{item}.npz", x: time_unix, y: energy, data: eflux, label: Ions, y_scale: log, z_label: "Energy flux (eV/(cm² s sr eV))" }
                    - { file: "ees/{item}.npz", x: time_unix, y: pitch_angle, data: eflux, collapse_axis: 2, label: "Electron pitch angle", y_label: "Pitch angle (deg)", z_label: "Energy flux (eV/(cm² s sr eV))" }
                outputs: { formats: [png] }
                """,
        };
        var clusterData = Path.Combine(root, "cluster-data");
        foreach (var (file, text) in specs)
        {
            var path = Path.Combine(root, file);
            AtomicFile.Write(path, s => s.Write(Encoding.UTF8.GetBytes(text + "\n")));
            var status = await RunCommand.RunAsync(terminal, new FileInfo(path), clusterData, Environment.ProcessorCount,
                ignoreProgress: false, [], cancellationToken);
            if (status != ExitCodes.Ok) return status;
        }
        var stxm = await RunStxmDemoAsync(terminal, root, clusterData, cancellationToken);
        if (stxm != ExitCodes.Ok) return stxm;
        terminal.Error.WriteLine();
        terminal.Error.WriteLine($"demo data:    {data}");
        terminal.Error.WriteLine($"job specs:    {root}/demo-*.yaml (run one again with: ./cluster run {root}/demo-psd.yaml --data {clusterData})");
        terminal.Error.WriteLine($"demo outputs: {clusterData}/artifacts/runs/<run>/<item>/ (NPZ: numpy.load; figures: PNG/SVG; progress.json per run)");
        terminal.Error.WriteLine($"FAST-like:    {clusterData}/artifacts/runs/demo-fast/<orbit>/<orbit>.png ({campaign.Quiet} ends no_data); " +
                                 $"try one orbit with: ./cluster plot-set {root}/demo-fast.yaml {campaign.Cusp.Orbit} -o {campaign.Cusp.Orbit}.png");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// A synthetic STXM image stack (several energies, two polarizations) as bluesky JSON Lines, converted to NXstxm by
    /// an <c>nxstxm</c> run: <c>stxm/stack.jsonl</c> -> <c>runs/demo-nxstxm/stack.jsonl/stack.hdf5</c> and <c>stack.png</c>.
    /// </summary>
    private static async Task<int> RunStxmDemoAsync(Terminal terminal, string root, string clusterData, CancellationToken cancellationToken)
    {
        var directory = SafeDirectory.Create(Path.Combine(root, "stxm"));
        var scan = Path.Combine(directory, "stack.jsonl");
        double[] energies = [700, 702, 704, 706, 708, 710, 712];
        terminal.Error.WriteLine($"generating a synthetic STXM stack ({energies.Length} energies x 2 polarizations, 64 x 64 pixels) as bluesky JSON Lines...");
        // Written under a hidden name and renamed, so the run never sees half a file.
        var temporary = Path.Combine(directory, ".stack.jsonl.tmp");
        SyntheticStxmScan.WriteJsonLines(temporary, energies, 64, 64, [-1.0, 1.0]);
        File.Move(temporary, scan, overwrite: true);
        var spec = Path.Combine(root, "demo-nxstxm.yaml");
        const string text = """
            # NXstxm files (one NXentry per polarization) and quick-look figures from STXM scans recorded as bluesky documents.
            name: demo-nxstxm
            kind: nxstxm
            input: { directory: stxm, glob: "*.jsonl" }
            params: { source_name: "cluster demo", compression: 1 }
            outputs: { formats: [hdf5, png] }
            """;
        AtomicFile.Write(spec, s => s.Write(Encoding.UTF8.GetBytes(text + "\n")));
        var status = await RunCommand.RunAsync(terminal, new FileInfo(spec), clusterData, Environment.ProcessorCount,
            ignoreProgress: false, [], cancellationToken);
        if (status == ExitCodes.Ok)
            terminal.Error.WriteLine($"STXM demo:    {clusterData}/artifacts/runs/demo-nxstxm/stack.jsonl/stack.hdf5 (h5py, MANTiS, nexpy) and stack.png");
        return status;
    }
}
