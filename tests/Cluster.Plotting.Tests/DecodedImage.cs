using System.Globalization;
using Cluster.TestSupport;

namespace Cluster.Plotting.Tests;

/// <summary>A PNG decoded by PIL (Debian's python3), not by our code: pixels as (r, g, b[, a]) bytes, row 0 at the top.</summary>
public sealed record DecodedImage(int Width, int Height, int Channels, string Mode, byte[] Data)
{
    private const string Script = """
        import sys
        from PIL import Image
        import numpy as np
        image = Image.open(sys.argv[1])
        image.load()
        pixels = np.asarray(image)
        with open(sys.argv[2], "wb") as raw:
            raw.write(np.ascontiguousarray(pixels).tobytes())
        channels = 1 if pixels.ndim == 2 else pixels.shape[2]
        print(image.mode, pixels.shape[1], pixels.shape[0], channels, pixels.dtype)
        """;

    public static DecodedImage Read(string pngPath)
    {
        var rawPath = pngPath + ".raw";
        var fields = Python.Run(Script, pngPath, rawPath).Trim().Split(' ');
        Assert.Equal("uint8", fields[4]);
        var width = int.Parse(fields[1], CultureInfo.InvariantCulture);
        var height = int.Parse(fields[2], CultureInfo.InvariantCulture);
        var channels = int.Parse(fields[3], CultureInfo.InvariantCulture);
        return new DecodedImage(width, height, channels, fields[0], File.ReadAllBytes(rawPath));
    }

    public Rgb At(int x, int y)
    {
        var i = (y * Width + x) * Channels;
        return new Rgb(Data[i], Data[i + 1], Data[i + 2]);
    }
}
