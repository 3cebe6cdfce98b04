using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Cluster.Signal;

/// <summary>The per-bin arithmetic of the STFT, vectorised: windowing, |X|^2, averaging, dB.</summary>
internal static unsafe class PowerKernels
{
    /// <summary>dst[i] (=|+=) scale * |src[i]|^2 for <paramref name="count"/> interleaved complex values.</summary>
    public static void Power(float* src, float* dst, int count, float scale, bool accumulate)
    {
        var i = 0;
        if (Avx2.IsSupported)
        {
            var factor = Vector256.Create(scale);
            for (; i <= count - 8; i += 8)
            {
                var a = Avx.LoadVector256(src + 2 * i);
                var b = Avx.LoadVector256(src + 2 * i + 8);
                // hadd pairs re^2+im^2 per 128-bit lane as [p0 p1 p4 p5 | p2 p3 p6 p7]; the permute restores order.
                var mixed = Avx.HorizontalAdd(a * a, b * b);
                var power = Avx2.Permute4x64(mixed.AsDouble(), 0b11_01_10_00).AsSingle() * factor;
                if (accumulate)
                    power += Avx.LoadVector256(dst + i);
                Avx.Store(dst + i, power);
            }
        }
        for (; i < count; i++)
        {
            var re = src[2 * i];
            var im = src[2 * i + 1];
            var power = (re * re + im * im) * scale;
            dst[i] = accumulate ? dst[i] + power : power;
        }
    }

    public static void Multiply(float* data, float* factors, int count)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= count - Vector256<float>.Count; i += Vector256<float>.Count)
                (Vector256.Load(data + i) * Vector256.Load(factors + i)).Store(data + i);
        }
        for (; i < count; i++)
            data[i] *= factors[i];
    }

    public static void Scale(Span<float> data, float factor)
    {
        fixed (float* p = data)
        {
            var i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var f = Vector256.Create(factor);
                for (; i <= data.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                    (Vector256.Load(p + i) * f).Store(p + i);
            }
            for (; i < data.Length; i++)
                p[i] *= factor;
        }
    }

    /// <summary>
    /// Watts (linear) to dBm in place: 10*log10(W*1000), with W &lt;= 0 taken as 1e-30 W as iqtools' get_dbm does.
    /// NaN stays NaN: it comes from samples that are not numbers, and the floor would pass them off as a quiet signal.
    /// </summary>
    public static void WattsToDbm(Span<float> data)
    {
        const float floor = 1e-30f;
        // 10*log10(w) = 10*log10(2) * log2(w)
        const float tenLog10Of2 = 3.0102999566398120f;
        fixed (float* p = data)
        {
            var i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var floorV = Vector256.Create(floor);
                var k = Vector256.Create(tenLog10Of2);
                var thirty = Vector256.Create(30f);
                for (; i <= data.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    var w = Vector256.Load(p + i);
                    var keep = Vector256.GreaterThan(w, Vector256<float>.Zero) | ~Vector256.Equals(w, w);
                    w = Vector256.ConditionalSelect(keep, w, floorV);
                    (Vector256.Log2(w) * k + thirty).Store(p + i);
                }
            }
            for (; i < data.Length; i++)
            {
                var w = p[i] > 0 || float.IsNaN(p[i]) ? p[i] : floor;
                p[i] = MathF.Log2(w) * tenLog10Of2 + 30f;
            }
        }
    }
}
