using System.Globalization;
using System.Text.Json.Nodes;
using Cluster.Formats;
using Cluster.Processors.SpectrogramSet;
using Cluster.TestSupport;

namespace Cluster.Processors.Tests.SpectrogramSet;

/// <summary>Percentiles against numpy 1.24 (Debian's /usr/bin/python3), bit for bit, on awkward data.</summary>
public class PercentileTests
{
    private static readonly double[] Qs = [0, 1, 2.5, 12.5, 33.3, 50, 66.7, 99, 99.9, 100];

    /// <summary>numpy writes the cases and its answers; we read the same arrays and must give the same numbers.</summary>
    [Fact]
    public void Equal_numpy_percentile_of_the_finite_values_on_random_data_with_nans_infinities_and_constants()
    {
        using var temp = new TempDirectory();
        var answers = JsonNode.Parse(Python.Run("""
            import sys, json, numpy as np
            rng = np.random.default_rng(42)
            cases = {}
            a = rng.lognormal(3, 2, 4097); a[rng.random(a.size) < 0.1] = np.nan; cases["lognormal_nan"] = a
            b = rng.normal(0, 1e3, 1000); b[::37] = np.inf; b[5::41] = -np.inf; b[7::13] = np.nan; cases["normal_inf_nan"] = b
            cases["constant"] = np.full(333, 7.25)
            cases["constant_with_nan_inf"] = np.array([2.5, np.nan, 2.5, np.inf, 2.5, -np.inf])
            cases["one"] = np.array([42.0])
            cases["two"] = np.array([-1.0, 3.0])
            cases["ties_and_zeros"] = np.repeat(rng.integers(0, 5, 50).astype(float), 3)
            cases["tiny_and_huge"] = np.concatenate([rng.random(100) * 1e-300, rng.random(100) * 1e300])
            cases["float32_rounding"] = rng.random(1001).astype(np.float32).astype(np.float64)
            np.savez(sys.argv[1], **cases)
            qs = [float(q) for q in sys.argv[2].split(",")]
            out = {k: [repr(float(np.percentile(v[np.isfinite(v)], q))) for q in qs] for k, v in cases.items()}
            # Without infinities, numpy's nanpercentile is the same function.
            out["nanpercentile_lognormal_nan"] = [repr(float(np.nanpercentile(cases["lognormal_nan"], q))) for q in qs]
            print(json.dumps(out))
            """, temp.File("cases.npz"), string.Join(",", Qs.Select(q => q.ToString("R", CultureInfo.InvariantCulture)))))!;
        var cases = Npz.Read(temp.File("cases.npz"));

        foreach (var (name, expected) in answers.AsObject())
        {
            var data = cases[name.Replace("nanpercentile_", "")].As<double>();
            var numpy = expected!.AsArray().Select(v => double.Parse(v!.GetValue<string>(), CultureInfo.InvariantCulture)).ToArray();
            for (var i = 0; i < Qs.Length; i++)
                Assert.True(numpy[i].Equals(Percentile.OfFinite(data, Qs[i])),
                    $"{name}, q={Qs[i]}: numpy {numpy[i]:R}, ours {Percentile.OfFinite(data, Qs[i]):R}");
        }
    }

    [Fact]
    public void No_finite_value_gives_nan_and_q_outside_0_to_100_is_refused()
    {
        Assert.True(double.IsNaN(Percentile.OfFinite([double.NaN, double.PositiveInfinity], 50)));
        Assert.True(double.IsNaN(Percentile.OfFinite([], 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentile.OfFinite([1.0], 101));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentile.OfFinite([1.0], double.NaN));
    }
}
