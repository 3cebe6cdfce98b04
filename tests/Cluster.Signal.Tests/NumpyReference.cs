using System.Text.Json;
using Cluster.TestSupport;

namespace Cluster.Signal.Tests;

/// <summary>What the independent numpy decoding (tests/Cluster.Signal.Tests/reference/*.py) says a file holds.</summary>
internal sealed record NumpyReference(long Count, float[] First, int[] Argmax, Float32Npy Power, JsonElement Json)
{
    public const int Lframes = 256;

    /// <summary>Runs reference/<paramref name="script"/> with the arguments, then LFRAMES and a power .npy path.</summary>
    public static NumpyReference Run(TempDirectory dir, string script, params string[] args)
    {
        var power = dir.File($"reference-power-{Guid.NewGuid():N}.npy");
        var path = Path.Combine(RepositoryPaths.Root, "tests", "Cluster.Signal.Tests", "reference", script);
        var output = Python.Run(File.ReadAllText(path).Replace("__file__", $"'{path}'"), [.. args, Lframes.ToString(), power]);
        var json = JsonDocument.Parse(output).RootElement;
        return new NumpyReference(
            json.GetProperty("count").GetInt64(),
            json.GetProperty("first").EnumerateArray().SelectMany(p => p.EnumerateArray().Select(v => (float)v.GetDouble())).ToArray(),
            json.GetProperty("argmax").EnumerateArray().Select(v => v.GetInt32()).ToArray(),
            Float32Npy.Read(power),
            json.Clone());
    }

    /// <summary>
    /// The recording decodes to the same samples, and an unwindowed (compat) spectrogram of it has the reference's power
    /// within single-precision rounding and, in every frame, a strongest bin that is the reference's (or ties with it
    /// within 1e-4, as the mirrored bins of a real signal do).
    /// </summary>
    public void AssertMatches(IqRecording recording)
    {
        Assert.Equal(Count, recording.SampleCount);
        var first = new float[First.Length];
        recording.Read(0, first);
        for (var i = 0; i < First.Length; i++)
            Assert.Equal(First[i], first[i], 1e-6 + Math.Abs(First[i]) * 1e-6);

        var spectrogram = Stft.Compute(recording, new StftParameters { Lframes = Lframes, Mode = SpectrogramMode.Compat });
        Assert.Equal(Argmax.Length, spectrogram.Rows);
        Assert.Equal([spectrogram.Rows, Lframes], Power.Shape);
        Assert.True(Compare.RelativeToPeak(spectrogram.Power, Power.Data) < 1e-4,
            $"power differs from numpy by {Compare.RelativeToPeak(spectrogram.Power, Power.Data):g} of the peak");
        for (var row = 0; row < spectrogram.Rows; row++)
        {
            var ours = spectrogram.Row(row);
            var strongest = ours.IndexOf(TensorMax(ours));
            var reference = Power.Data.AsSpan(row * Lframes, Lframes);
            Assert.True(strongest == Argmax[row] || reference[strongest] >= reference[Argmax[row]] * (1 - 1e-4),
                $"frame {row}: strongest bin {strongest}, numpy's {Argmax[row]}");
        }
    }

    private static float TensorMax(ReadOnlySpan<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var v in values) max = Math.Max(max, v);
        return max;
    }
}
