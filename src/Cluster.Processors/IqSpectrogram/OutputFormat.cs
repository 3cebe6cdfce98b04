using Cluster.Plotting;

namespace Cluster.Processors.IqSpectrogram;

public enum OutputFormat
{
    Png,
    Svg,
    Pdf,
    Npz,
}

public static class OutputFormats
{
    /// <summary>Parses a comma-separated list such as <c>png,svg,npz</c>.</summary>
    public static IReadOnlySet<OutputFormat> Parse(string list)
    {
        var formats = new HashSet<OutputFormat>();
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<OutputFormat>(part, ignoreCase: true, out var format) || !Enum.IsDefined(format))
                throw new ArgumentException($"format: unknown output format '{part}' (use png, svg, pdf, npz)");
            formats.Add(format);
        }
        return formats;
    }

    public static (FigureFormat Figure, string Extension, string MediaType)? AsFigure(this OutputFormat format) => format switch
    {
        OutputFormat.Png => (FigureFormat.Png, ".png", "image/png"),
        OutputFormat.Svg => (FigureFormat.Svg, ".svg", "image/svg+xml"),
        OutputFormat.Pdf => (FigureFormat.Pdf, ".pdf", "application/pdf"),
        _ => null,
    };
}
