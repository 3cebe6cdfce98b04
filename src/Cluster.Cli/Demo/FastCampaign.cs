using Cluster.Formats;

namespace Cluster.Cli.Demo;

/// <summary>
/// A synthetic FAST-like campaign: per orbit an electron (<c>ees/</c>) and an ion (<c>ies/</c>) NPZ file with
/// <c>time_unix</c>, <c>energy</c> (descending, eV), <c>pitch_angle</c> (deg) and a float32 flux cube
/// (time x pitch angle x energy) with scattered NaNs and a telemetry gap. One orbit crosses the cusp between an
/// event pair (inverted-V electrons, dispersed ions); the last orbit has no valid samples at all (no data).
/// Deterministic for a given seed.
/// </summary>
public sealed class FastCampaign
{
    public int Orbits { get; init; } = 4;
    public int FirstOrbit { get; init; } = 1001;
    public int Times { get; init; } = 720;
    public double StepSeconds { get; init; } = 5;
    public int Pitches { get; init; } = 16;
    public int Energies { get; init; } = 32;
    public int Seed { get; init; } = 1996;

    /// <summary>FAST's orbital period is about 133 minutes.</summary>
    public double OrbitSeconds { get; init; } = 133 * 60;

    public double FirstStart { get; init; } = new DateTimeOffset(2000, 1, 20, 4, 12, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    public string OrbitName(int index) => $"orbit_{FirstOrbit + index}";

    /// <summary>The orbit that crosses the cusp, and its entry and exit (UNIX seconds).</summary>
    public (string Orbit, double Entry, double Exit) Cusp
    {
        get
        {
            var start = FirstStart + OrbitSeconds;
            return (OrbitName(1), start + 0.45 * Times * StepSeconds, start + 0.55 * Times * StepSeconds);
        }
    }

    /// <summary>The orbit whose files hold NaN only (instruments off).</summary>
    public string Quiet => OrbitName(Orbits - 1);

    /// <summary>Writes <c>ees/&lt;orbit&gt;.npz</c> and <c>ies/&lt;orbit&gt;.npz</c> for every orbit under <paramref name="directory"/>.</summary>
    public void Write(string directory)
    {
        var random = new Random(Seed);
        var ees = SafeDirectory.Create(Path.Combine(directory, "ees"));
        var ies = SafeDirectory.Create(Path.Combine(directory, "ies"));
        for (var o = 0; o < Orbits; o++)
        {
            var start = FirstStart + o * OrbitSeconds;
            var time = Enumerable.Range(0, Times).Select(i => start + i * StepSeconds).ToArray();
            var cusp = OrbitName(o) == Cusp.Orbit ? (Cusp.Entry, Cusp.Exit) : ((double, double)?)null;
            var quiet = OrbitName(o) == Quiet;
            WriteFile(Path.Combine(ees, OrbitName(o) + ".npz"), time, Electrons(random, time, cusp, quiet), ElectronEnergies());
            WriteFile(Path.Combine(ies, OrbitName(o) + ".npz"), time, Ions(random, time, cusp, quiet), IonEnergies());
        }
    }

    private double[] ElectronEnergies() => Geometric(30_000, 4, Energies);

    private double[] IonEnergies() => Geometric(25_000, 3, Energies);

    private double[] PitchAngles() => Enumerable.Range(0, Pitches).Select(p => (p + 0.5) * 360.0 / Pitches).ToArray();

    private static double[] Geometric(double first, double last, int count) =>
        Enumerable.Range(0, count).Select(i => first * Math.Pow(last / first, i / (count - 1.0))).ToArray();

    /// <summary>A hot background everywhere, plus an inverted V (peak energy rising and falling) inside the cusp, field-aligned.</summary>
    private float[] Electrons(Random random, double[] time, (double Entry, double Exit)? cusp, bool quiet)
    {
        var energies = ElectronEnergies();
        var pitches = PitchAngles();
        return Cube(random, time, quiet, (t, p, e) =>
        {
            var flux = 2e5 * Math.Pow(energies[e] / 100, -1.2) * (1 + 0.3 * Math.Sin(time[t] / 700));
            if (cusp is { } c && time[t] >= c.Entry && time[t] <= c.Exit)
            {
                var phase = (time[t] - c.Entry) / (c.Exit - c.Entry);
                var peak = 200 + 2800 * (1 - Math.Abs(2 * phase - 1));
                var downgoing = Math.Cos(pitches[p] * Math.PI / 180) > 0.7 ? 3.0 : 1.0;
                flux += 5e7 * downgoing * Math.Exp(-Math.Pow(Math.Log(energies[e] / peak), 2) / 0.08);
            }
            return flux;
        });
    }

    /// <summary>Ions: a warm background, plus cusp ions whose energy falls with time (velocity dispersion).</summary>
    private float[] Ions(Random random, double[] time, (double Entry, double Exit)? cusp, bool quiet)
    {
        var energies = IonEnergies();
        return Cube(random, time, quiet, (t, _, e) =>
        {
            var flux = 5e4 * Math.Exp(-energies[e] / 8000);
            if (cusp is { } c && time[t] >= c.Entry - 120 && time[t] <= c.Exit + 120)
            {
                var phase = (time[t] - c.Entry + 120) / (c.Exit - c.Entry + 240);
                var peak = 3000 * Math.Pow(30.0 / 3000, phase);
                flux += 2e6 * Math.Exp(-Math.Pow(Math.Log(energies[e] / peak), 2) / 0.1);
            }
            return flux;
        });
    }

    /// <summary>Flux with 30 % multiplicative noise, 2 % NaN samples, and a 2-minute telemetry gap (all NaN).</summary>
    private float[] Cube(Random random, double[] time, bool quiet, Func<int, int, int, double> flux)
    {
        var cube = new float[time.Length * Pitches * Energies];
        var gapStart = (int)(0.8 * time.Length);
        var gapLength = (int)(120 / StepSeconds);
        var i = 0;
        for (var t = 0; t < time.Length; t++)
        {
            var gap = t >= gapStart && t < gapStart + gapLength;
            for (var p = 0; p < Pitches; p++)
                for (var e = 0; e < Energies; e++, i++)
                    cube[i] = quiet || gap || random.NextDouble() < 0.02
                        ? float.NaN
                        : (float)(flux(t, p, e) * (0.7 + 0.6 * random.NextDouble()));
        }
        return cube;
    }

    private void WriteFile(string path, double[] time, float[] flux, double[] energies) =>
        AtomicFile.Write(path, stream =>
        {
            using var npz = new NpzWriter(stream, compress: true);
            npz.Add("time_unix", NpyArray.Create(time, time.Length));
            npz.Add("energy", NpyArray.Create(energies, energies.Length));
            npz.Add("pitch_angle", NpyArray.Create(PitchAngles(), Pitches));
            npz.Add("eflux", NpyArray.Create(flux, time.Length, Pitches, Energies));
        });
}
