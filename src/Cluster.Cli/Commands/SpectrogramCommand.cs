using System.CommandLine;
using Cluster.Core.Processing;
using Cluster.Formats;
using Cluster.Plotting;
using Cluster.Processors.IqSpectrogram;
using Cluster.Signal;

namespace Cluster.Cli.Commands;

/// <summary><c>cluster spectrogram INPUT -o OUTDIR [...]</c>: the iq-spectrogram kind on one file, no servers.</summary>
public static class SpectrogramCommand
{
    public static Command Create(Terminal terminal)
    {
        var input = new Argument<FileInfo>("input") { Description = "IQ recording: " + IqFile.Supported };
        var output = new Option<DirectoryInfo>("--output", "-o") { Description = "Directory for <stem>.npz, <stem>.png, <stem>_zoom.png", Required = true };
        var lframes = new Option<int>("--lframes") { Description = "FFT length (power of two)", DefaultValueFactory = _ => 1024 };
        var nframes = new Option<int?>("--nframes") { Description = "Number of frames (default: all)" };
        var nAvg = new Option<int>("--n-avg") { Description = "Consecutive frames averaged", DefaultValueFactory = _ => 1 };
        var startFrame = new Option<int?>("--start-frame") { Description = "First frame, 1-based" };
        var endFrame = new Option<int?>("--end-frame") { Description = "Last frame, 1-based inclusive" };
        var window = new Option<string?>("--window") { Description = "rect, hann or blackman (default: hann for psd, rect for compat)" };
        var mode = new Option<string>("--mode") { Description = "psd (dBm/Hz, default) or compat (iqtools power)", DefaultValueFactory = _ => "psd" };
        var zoomCenter = new Option<double?>("--zoom-center") { Description = "Centre of the zoomed figure, absolute Hz (default: recording centre)" };
        var zoomSpan = new Option<double?>("--zoom-span") { Description = "Width of the zoomed figure in Hz" };
        var format = new Option<string>("--format") { Description = "Comma-separated: png,svg,pdf,npz", DefaultValueFactory = _ => "png,npz" };
        var colormap = new Option<string>("--colormap") { Description = "viridis, plasma, magma, inferno, cividis, gray", DefaultValueFactory = _ => "viridis" };
        var sampleRate = new Option<double?>("--sample-rate") { Description = "Sample rate in Hz: supplies it (raw files) or overrides the file's (said in the notes)" };
        var centerFrequency = new Option<double?>("--center-frequency") { Description = "Centre frequency in Hz: supplies it (default 0 when the file has none) or overrides the file's" };
        var rawFormat = new Option<string?>("--raw-format") { Description = "Read the file as headerless samples of this SigMF type, whatever its extension: cf32, ci16, ci8, cu8, cf64, ci32, ri16, ... with _le/_be (default: from the extension)" };
        var channel = new Option<int>("--channel") { Description = "Channel of a multi-channel recording (SigMF num_channels, IQ-TAR), from 0", DefaultValueFactory = _ => 0 };
        var inputFormat = new Option<string?>("--input-format") { Description = "tcap: read a .dat as a GSI TCAP recording (found by its text header otherwise)" };
        var noVerifySha512 = new Option<bool>("--no-verify-sha512") { Description = "SigMF: read the data even when core:sha512 does not match (a warning instead of an error)" };
        var threads = new Option<int>("--threads") { Description = "Threads for the STFT (0 = all cores)", DefaultValueFactory = _ => 0 };

        var command = new Command("spectrogram", "Spectrogram of one IQ recording: NPZ (frequency_hz, time_s, power) and figures")
        {
            input, output, lframes, nframes, nAvg, startFrame, endFrame, window, mode, zoomCenter, zoomSpan, format,
            colormap, sampleRate, centerFrequency, rawFormat, channel, noVerifySha512, inputFormat, threads,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetRequiredValue(input);
            // Given the data half of a recording (x.sigmf-data, a PortaPack .TXT), read the file that names it.
            if (IqFile.PrimaryOf(file.FullName) is { } primary)
                file = new FileInfo(primary);
            IqSpectrogramParameters parameters;
            try
            {
                parameters = new IqSpectrogramParameters
                {
                    Stft = new StftParameters
                    {
                        Lframes = parse.GetValue(lframes),
                        Nframes = parse.GetValue(nframes),
                        NAvg = parse.GetValue(nAvg),
                        StartFrame = parse.GetValue(startFrame),
                        EndFrame = parse.GetValue(endFrame),
                        Window = IqSpectrogramText.Window(parse.GetValue(window)),
                        Mode = IqSpectrogramText.Mode(parse.GetValue(mode)),
                    },
                    ZoomCenter = parse.GetValue(zoomCenter),
                    ZoomSpan = parse.GetValue(zoomSpan),
                    Formats = OutputFormats.Parse(parse.GetValue(format)!),
                    Colormap = parse.GetValue(colormap)!,
                    Input = RawInputOptions.FromCommandLine(parse.GetValue(sampleRate), parse.GetValue(centerFrequency), parse.GetValue(rawFormat),
                        parse.GetValue(channel), parse.GetValue(noVerifySha512), parse.GetValue(inputFormat)),
                };
                parameters.Validate();
            }
            catch (ArgumentException e)
            {
                terminal.Fail(e.Message);
                return ExitCodes.Usage;
            }
            return await RunAsync(terminal, file, parse.GetRequiredValue(output).FullName, parameters, parse.GetValue(threads), cancellationToken);
        });
        return command;
    }

    public static async Task<int> RunAsync(Terminal terminal, FileInfo file, string outputDirectory, IqSpectrogramParameters parameters,
        int threads, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("cluster-spectrogram-");
        try
        {
            var processor = new IqSpectrogramProcessor();
            var result = await terminal.WithProgressAsync(file.Name, progress =>
                processor.ProcessAsync(new WorkInput(file.Name, file.FullName), parameters,
                    new ProcessorContext(outputDirectory, scratch.FullName, progress, threads), cancellationToken));
            foreach (var note in result.Notes)
                terminal.Error.WriteLine(note);
            foreach (var artifact in result.Artifacts)
                terminal.Output.WriteLine(artifact.Path);
            return ExitCodes.Ok;
        }
        catch (ArgumentException e)
        {
            terminal.Fail(e.Message);
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The process boundary: the message names the file and the problem; nothing was written.
            terminal.Fail(e.Message);
            return ExitCodes.Failed;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
