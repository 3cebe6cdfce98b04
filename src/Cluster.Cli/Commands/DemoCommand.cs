using System.CommandLine;
using System.Text;
using Cluster.Cli.Demo;
using Cluster.Formats;
using Cluster.Processors.IqSpectrogram;
using Cluster.Signal;

namespace Cluster.Cli.Commands;

/// <summary>
/// <c>cluster demo</c>: generates a synthetic Schottky recording as .tiq and as SigMF, runs the spectrogram jobs
/// on it with embedded defaults and says where the outputs are.
/// </summary>
public static class DemoCommand
{
    public static Command Create(Terminal terminal)
    {
        var output = new Option<DirectoryInfo>("--output", "-o")
        {
            Description = "Directory for the generated data and the outputs",
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

        var tiq = Path.Combine(data, "schottky.tiq");
        AtomicFile.Write(tiq, s => TiqWriter.Write(s, iq, signal.SampleRate, signal.CenterFrequency, time));
        var sigmf = Path.Combine(data, "schottky-sigmf.sigmf-data");
        AtomicFile.Write(sigmf, s => SigMfWriter.WriteData(s, iq, SigMfDatatype.Ci16Le));
        var meta = SigMfWriter.MetaJson(SigMfDatatype.Ci16Le, signal.SampleRate, signal.CenterFrequency, time,
            "cluster demo: synthetic Schottky noise bands and two tones");
        AtomicFile.Write(Path.ChangeExtension(sigmf, ".sigmf-meta"), s => s.Write(Encoding.UTF8.GetBytes(meta)));

        var zoom = signal.CenterFrequency + (signal.CooledBand.StartHz + signal.CooledBand.EndHz) / 2;
        var jobs = new (string Input, string Output, IqSpectrogramParameters Parameters)[]
        {
            (tiq, "psd", new IqSpectrogramParameters { NAvg = 8, ZoomCenter = zoom, ZoomSpan = 20_000, Formats = OutputFormats.Parse("png,svg,npz") }),
            (sigmf, "psd-sigmf", new IqSpectrogramParameters { NAvg = 8, ZoomCenter = zoom, ZoomSpan = 20_000 }),
            (tiq, "compat", new IqSpectrogramParameters { Mode = SpectrogramMode.Compat, NAvg = 8, Colormap = "magma" }),
        };
        foreach (var (input, name, parameters) in jobs)
        {
            var status = await SpectrogramCommand.RunAsync(terminal, new FileInfo(input), Path.Combine(root, name), parameters, 0, cancellationToken);
            if (status != ExitCodes.Ok) return status;
        }
        terminal.Error.WriteLine();
        terminal.Error.WriteLine($"demo data:    {data}");
        terminal.Error.WriteLine($"demo outputs: {root}/{{psd,psd-sigmf,compat}} (NPZ: numpy.load; figures: PNG/SVG)");
        return ExitCodes.Ok;
    }
}
