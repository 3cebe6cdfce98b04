using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cluster.Signal.Tests;

/// <summary>
/// Just enough of the NPY v1.0 format to load the float32 reference spectrograms; the real NPY library
/// lives in another project and is not a dependency of this one.
/// </summary>
internal sealed partial record Float32Npy(int[] Shape, float[] Data)
{
    [GeneratedRegex(@"'descr':\s*'([^']+)'")]
    private static partial Regex Descr();

    [GeneratedRegex(@"'fortran_order':\s*(True|False)")]
    private static partial Regex FortranOrder();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapeField();

    public static Float32Npy Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
            throw new InvalidDataException($"{path}: not an NPY file");
        if (bytes[6] != 1)
            throw new InvalidDataException($"{path}: NPY version {bytes[6]}.{bytes[7]}, only 1.0 is supported");
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        var descr = Descr().Match(header).Groups[1].Value;
        if (descr != "<f4")
            throw new InvalidDataException($"{path}: dtype {descr}, expected <f4");
        if (FortranOrder().Match(header).Groups[1].Value != "False")
            throw new InvalidDataException($"{path}: Fortran order is not supported");
        var shape = ShapeField().Match(header).Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var dataStart = 10 + headerLength;
        if (bytes.Length - dataStart != count * sizeof(float))
            throw new InvalidDataException($"{path}: {bytes.Length - dataStart} data bytes for shape ({string.Join(",", shape)})");
        var data = new float[count];
        Buffer.BlockCopy(bytes, dataStart, data, 0, (int)(count * sizeof(float)));
        return new Float32Npy(shape, data);
    }
}
