using System.CommandLine;
using Cluster.Core.Inputs;
using Cluster.Core.Specs;
using Cluster.Formats;
using Cluster.Plotting;
using Cluster.Processors;
using Cluster.Processors.SpectrogramSet;

namespace Cluster.Cli.Commands;

/// <summary>
/// <c>cluster plot-set SPEC ITEM -o OUT.png</c>: draws one item of a <c>spectrogram-set</c> spec, no store, to try a
/// spec before running a campaign. The row files are found as the run would find them (below the spec's
/// <c>input.directory</c>, or the spec's folder), confined to the spec's folder and any <c>--input-root</c>.
/// </summary>
public static class PlotSetCommand
{
    public static Command Create(Terminal terminal)
    {
        var spec = new Argument<FileInfo>("spec") { Description = "A spectrogram-set job spec (YAML or JSON)" };
        var item = new Argument<string>("item") { Description = "The item to draw: an orbit, a shot (replaces {item} in the row files)" };
        var output = new Option<FileInfo>("--output", "-o") { Description = "The figure to write: .png, .svg or .pdf", Required = true };
        var inputRoots = new Option<string[]>("--input-root") { Description = "Extra directories row files may come from (the spec's folder always may)" };
        var command = new Command("plot-set", "Draw one item of a spectrogram-set spec into one figure, no servers") { spec, item, output, inputRoots };
        command.SetAction((parse, ct) => Task.FromResult(Run(terminal, parse.GetRequiredValue(spec), parse.GetRequiredValue(item),
            parse.GetRequiredValue(output).FullName, parse.GetValue(inputRoots) ?? [], ct)));
        return command;
    }

    public static int Run(Terminal terminal, FileInfo specFile, string item, string output, IReadOnlyList<string> extraRoots,
        CancellationToken cancellationToken)
    {
        FigureFormat format;
        switch (Path.GetExtension(output).ToLowerInvariant())
        {
            case ".png": format = FigureFormat.Png; break;
            case ".svg": format = FigureFormat.Svg; break;
            case ".pdf": format = FigureFormat.Pdf; break;
            default:
                terminal.Fail($"--output: {output} must end in .png, .svg or .pdf");
                return ExitCodes.Usage;
        }

        var specDirectory = specFile.Directory!.FullName;
        SpectrogramSetParameters parameters;
        string directory;
        try
        {
            var parsed = JobSpecParser.Parse(File.ReadAllText(specFile.FullName), ProcessorKinds.All(), specDirectory);
            if (parsed.Parameters is not SpectrogramSetParameters bound)
            {
                terminal.Fail($"{specFile.FullName}: kind '{parsed.Kind}': plot-set draws spectrogram-set specs");
                return ExitCodes.Usage;
            }
            parameters = bound;
            var given = parsed.Input.Directory ?? specDirectory;
            if (ObjectUri.IsObjectUri(given))
                throw new ArgumentException($"input.directory: {given}: spectrogram-set reads its files from a local directory");
            directory = new InputRoots([specDirectory, .. extraRoots]).Resolve(given, "input.directory");
        }
        catch (Exception e) when (e is JobSpecException or ArgumentException)
        {
            terminal.Fail($"{specFile.FullName}:{Environment.NewLine}{e.Message}");
            return ExitCodes.Usage;
        }
        catch (IOException e)
        {
            terminal.Fail($"{specFile.FullName}: {e.Message}");
            return ExitCodes.Usage;
        }

        try
        {
            var figure = SpectrogramSetBuilder.Build(item, directory, parameters, cancellationToken);
            foreach (var note in figure.Notes)
                terminal.Error.WriteLine(note);
            if (figure.Plot is not { } plot)
            {
                terminal.Fail($"{item}: no data: {figure.NoDataReason}; nothing written");
                return ExitCodes.Failed;
            }
            var folder = Path.GetDirectoryName(output);
            if (!string.IsNullOrEmpty(folder)) SafeDirectory.Create(folder);
            AtomicFile.Write(output, stream => SpectrogramSetFigure.Render(plot, stream, format, parameters.Width, parameters.Height));
            terminal.Output.WriteLine(output);
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is SpectrogramSetInputException or IOException or UnauthorizedAccessException)
        {
            // The process boundary: the message names the item, the row and the file; nothing was written.
            terminal.Fail(e.Message);
            return ExitCodes.Failed;
        }
    }
}
