using System.CommandLine;
using Cluster.Formats;
using Cluster.Processors.CatalogExport;

namespace Cluster.Cli.Commands.Catalog;

/// <summary>
/// <c>cluster catalog DB images UID [--field F] [--frame N] -o OUT.npz|OUT.png</c>: a run's frames as an NPZ
/// (<c>images</c> (frames, rows, columns) in the stored type and <c>seq_num</c>; with <c>--frame</c> just that frame) or a
/// quick-look PNG (the sum of all frames, or with <c>--frame</c> that frame).
/// </summary>
public static class CatalogImagesCommand
{
    public static Command Create(Terminal terminal, Argument<FileInfo> database)
    {
        var uid = new Argument<string>("uid") { Description = "The run's uid" };
        var field = new Option<string>("--field") { Description = "Image field", DefaultValueFactory = _ => "detector_image" };
        var frame = new Option<int?>("--frame") { Description = "Only this frame (negative counts from the end)" };
        var output = new Option<FileInfo>("--output", "-o") { Description = "OUT.npz (numbers) or OUT.png (quick-look)", Required = true };
        var command = new Command("images", "Export a run's frames to .npz, or a quick-look .png") { uid, field, frame, output };
        command.SetAction(parse => CatalogCommand.Guard(terminal, parse.GetRequiredValue(database), catalog =>
        {
            var run = catalog[parse.GetRequiredValue(uid)];
            var images = run.Images(parse.GetValue(field)!);
            if (images.Count == 0)
            {
                var known = run.ImageFields();
                throw new ArgumentException($"run {run.Uid} has no frames of '{images.Field}' (image fields: {(known.Count == 0 ? "none" : string.Join(", ", known))})");
            }
            var path = parse.GetRequiredValue(output).FullName;
            var index = parse.GetValue(frame);
            switch (Path.GetExtension(path).ToLowerInvariant())
            {
                case ".npz":
                    var data = index is { } i ? images[i] : images.Range(0, images.Count);
                    var seqNums = index is { } j ? [images.SeqNums[j < 0 ? j + images.Count : j]] : images.SeqNums.ToArray();
                    AtomicFile.Write(path, stream =>
                    {
                        using var npz = new NpzWriter(stream, compress: true);
                        npz.Add("images", data);
                        npz.Add("seq_num", NpyArray.Create(seqNums, seqNums.Length));
                    });
                    break;
                case ".png":
                    CatalogQuickLook.Write(run, images, index, path);
                    break;
                default:
                    throw new ArgumentException($"-o: {path}: give a .npz or .png file name");
            }
            terminal.Output.WriteLine(path);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
