using System.Runtime.InteropServices;
using Cluster.Formats;
using Cluster.TestSupport;

namespace Cluster.Formats.Tests;

/// <summary>AddFloat64 converts float32 to float64 in chunks; numpy must see exactly float64(values).</summary>
public sealed class AddFloat64Tests
{
    [Theory]
    [InlineData(4097, 4099, false)] // 16.8 M values, 134 MB of float64, not a whole number of conversion chunks
    [InlineData(301, 257, true)]
    public void EqualsNumpysFloat64ConversionOfTheSameFloats(int rows, int columns, bool compress)
    {
        var values = new float[rows * columns];
        for (var i = 0; i < values.Length; i++)
            values[i] = MathF.Sin(i * 0.001f) * (i % 1000) * 1e-3f;
        float[] specials = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, float.Epsilon, float.MaxValue];
        specials.CopyTo(values, 0);

        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("values.f32"), MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        using (var output = File.Create(temp.File("power.npz")))
        using (var npz = new NpzWriter(output, compress))
        {
            npz.AddFloat64("power", values, rows, columns);
            npz.Add("rows", NpyArray.Create([rows], 1));
        }

        var result = Python.Run("""
            import sys, numpy as np
            f32 = np.fromfile(sys.argv[1], dtype="<f4")
            with np.load(sys.argv[2]) as z:
                power = z["power"]
                print(sorted(z.files), power.dtype.str, power.shape, z["rows"].tolist())
            expected = f32.astype(np.float64).reshape(power.shape)
            print(bool((power.view(np.uint64) == expected.view(np.uint64)).all()), repr(power[0, 6]), repr(power[-1, -1]))
            """, temp.File("values.f32"), temp.File("power.npz"));

        var lines = result.Trim().Split('\n');
        Assert.Equal($"['power', 'rows'] <f8 ({rows}, {columns}) [{rows}]", lines[0]);
        var check = lines[1].Split(' ');
        Assert.Equal("True", check[0]);
        Assert.Equal((double)values[6], double.Parse(check[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((double)values[^1], double.Parse(check[2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(values.Select(v => (double)v), Npz.Read(temp.File("power.npz"))["power"].As<double>());
    }
}
