namespace Cluster.Cli.Demo;

/// <summary>
/// A synthetic storage-ring Schottky recording: noise bands (one drifting and narrowing, as under electron cooling),
/// two steady tones of known amplitude and a white noise floor. Deterministic for a given seed.
/// </summary>
public sealed class SchottkySignal
{
    public double SampleRate { get; init; } = 390_625;
    public double CenterFrequency { get; init; } = 244_778_900;
    public int Samples { get; init; } = 1 << 21;
    public int Seed { get; init; } = 2014;

    /// <summary>Tones as (offset from centre in Hz, amplitude in volts).</summary>
    public IReadOnlyList<(double OffsetHz, double AmplitudeV)> Tones { get; init; } = [(50_000, 2e-3), (-150_000, 5e-4)];

    /// <summary>The cooled band: starts at StartHz and drifts to EndHz while its width shrinks.</summary>
    public (double StartHz, double EndHz) CooledBand { get; init; } = (-26_000, -20_000);

    /// <summary>Interleaved I,Q in volts.</summary>
    public float[] Generate()
    {
        var random = new Random(Seed);
        var iq = new float[2 * Samples];
        var bands = new[]
        {
            new NoiseBand(random, -95_000, -95_000, 3e-4, 6_000, 6_000),
            new NoiseBand(random, CooledBand.StartHz, CooledBand.EndHz, 1.2e-3, 8_000, 600),
            new NoiseBand(random, 110_000, 110_000, 2e-4, 9_000, 9_000),
        };
        for (var k = 0; k < Samples; k++)
        {
            var progress = (double)k / Samples;
            double i = 0, q = 0;
            foreach (var band in bands)
            {
                var (bi, bq) = band.Next(progress, SampleRate);
                i += bi;
                q += bq;
            }
            foreach (var (offset, amplitude) in Tones)
            {
                var phase = 2 * Math.PI * offset * k / SampleRate;
                i += amplitude * Math.Cos(phase);
                q += amplitude * Math.Sin(phase);
            }
            iq[2 * k] = (float)(i + 1e-4 * Gaussian(random));
            iq[2 * k + 1] = (float)(q + 1e-4 * Gaussian(random));
        }
        return iq;
    }

    private static double Gaussian(Random random)
    {
        var u = 1.0 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    /// <summary>Low-pass filtered complex noise shifted to a (drifting) centre: a band of the given width.</summary>
    private sealed class NoiseBand(Random random, double startHz, double endHz, double amplitude, double startWidthHz, double endWidthHz)
    {
        private double _i, _q, _phase;

        public (double I, double Q) Next(double progress, double sampleRate)
        {
            var width = startWidthHz + (endWidthHz - startWidthHz) * progress;
            // One-pole low-pass: bandwidth ~ (1 - alpha) * fs / (2 pi); the gain keeps the band power constant.
            var leak = Math.Min(1.0, 2 * Math.PI * width / sampleRate);
            var gain = amplitude * Math.Sqrt(leak * (2 - leak));
            _i = (1 - leak) * _i + gain * Gaussian(random);
            _q = (1 - leak) * _q + gain * Gaussian(random);
            _phase += 2 * Math.PI * (startHz + (endHz - startHz) * progress) / sampleRate;
            var (sin, cos) = Math.SinCos(_phase);
            return (_i * cos - _q * sin, _i * sin + _q * cos);
        }
    }
}
