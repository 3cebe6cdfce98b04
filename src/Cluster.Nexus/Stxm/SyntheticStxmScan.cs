using System.Text.Json;
using Cluster.Nexus.Bluesky;

namespace Cluster.Nexus.Stxm;

/// <summary>
/// Writes a synthetic STXM image stack as bluesky JSON Lines, the way pyStxm records one: one run per energy and
/// polarization, each run one image line by line (a waveform of nX counts per event), metadata double-encoded as
/// in the seed's example files, img_idx_map placing polarization p into entry <c>entry{p}</c>. Used by the demo,
/// the benchmark and the tests; the counts are a deterministic function (<see cref="Counts"/>).
/// </summary>
public static class SyntheticStxmScan
{
    public const string Detector = "counter0";
    public const string DetectorKey = "counter0_waveform_rbv";
    public const string EnergyPv = "BL:ENERGY";
    public const string RingCurrentPv = "SR:current";
    public const double DwellMs = 1.0;
    private const double Start = 1_700_000_000.0;

    /// <summary>
    /// Writes the scan. <paramref name="stopAfterLines"/> simulates an aborted scan: only that many image lines
    /// (over all runs, in order) are recorded; the run where it stops ends with exit_status "abort" and later runs
    /// are not written.
    /// </summary>
    public static void WriteJsonLines(string path, IReadOnlyList<double> energies, int nx, int ny, IReadOnlyList<double> polarizations, int? stopAfterLines = null)
    {
        if (energies.Count == 0 || nx < 1 || ny < 1 || polarizations.Count == 0)
            throw new ArgumentException("a stack needs at least one energy, one polarization and a 1 x 1 image");
        using var stream = File.Create(path);
        using var writer = new BlueskyJsonLinesWriter(stream);
        var x = Enumerable.Range(0, nx).Select(i => X(i, nx)).ToArray();
        var y = Enumerable.Range(0, ny).Select(j => Y(j, ny)).ToArray();
        var linesLeft = stopAfterLines ?? int.MaxValue;
        var time = Start;
        var runIndex = 0;
        for (var p = 0; p < polarizations.Count && linesLeft > 0; p++)
            for (var e = 0; e < energies.Count && linesLeft > 0; e++, runIndex++)
            {
                var uid = Uid("run", runIndex);
                var metadata = Metadata(energies, polarizations, x, y, e, p);
                writer.Write("start", w =>
                {
                    w.WriteStartObject();
                    w.WriteString("uid", uid);
                    w.WriteNumber("time", time);
                    w.WriteNumber("scan_id", 1);
                    w.WriteString("plan_name", "synthetic_stack");
                    w.WriteString("metadata", metadata);
                    w.WriteEndObject();
                });
                var primary = Uid("primary", runIndex);
                writer.Write("descriptor", w => Descriptor(w, primary, uid, "primary", time, nx));
                var withBaseline = e == 0;
                var baseline = Uid("baseline", runIndex);
                if (withBaseline)
                {
                    writer.Write("descriptor", w => Descriptor(w, baseline, uid, "baseline", time, nx));
                    writer.Write("event", w => BaselineEvent(w, baseline, Uid("b0", runIndex), 1, time, energies[e], RingCurrent(runIndex, 0)));
                }
                var lines = 0;
                for (var j = 0; j < ny && linesLeft > 0; j++, lines++, linesLeft--)
                {
                    time += DwellMs * 1e-3 * nx;
                    var row = j;
                    writer.Write("event", w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("uid", Uid($"ev{runIndex}", row));
                        w.WriteString("descriptor", primary);
                        w.WriteNumber("seq_num", row + 1);
                        w.WriteNumber("time", time);
                        w.WriteStartObject("data");
                        w.WriteStartArray(DetectorKey);
                        for (var i = 0; i < nx; i++) w.WriteNumberValue(Counts(e, p, row, i));
                        w.WriteEndArray();
                        w.WriteEndObject();
                        w.WriteStartObject("filled");
                        w.WriteEndObject();
                        w.WriteEndObject();
                    });
                }
                if (withBaseline)
                    writer.Write("event", w => BaselineEvent(w, baseline, Uid("b1", runIndex), 2, time, energies[e], RingCurrent(runIndex, 1)));
                var complete = lines == ny;
                var recorded = lines;
                writer.Write("stop", w =>
                {
                    w.WriteStartObject();
                    w.WriteString("uid", Uid("stop", runIndex));
                    w.WriteString("run_start", uid);
                    w.WriteNumber("time", time + 0.01);
                    w.WriteString("exit_status", complete ? "success" : "abort");
                    w.WriteStartObject("num_events");
                    w.WriteNumber("primary", recorded);
                    if (withBaseline) w.WriteNumber("baseline", 2);
                    w.WriteEndObject();
                    w.WriteEndObject();
                });
                time += 0.5;
            }
    }

    /// <summary>The counts at energy index e, polarization index p, line j, column i: a disc whose contrast varies with energy and polarization.</summary>
    public static double Counts(int e, int p, int j, int i)
    {
        var inside = Math.Pow((i % 64) - 32, 2) + Math.Pow((j % 64) - 32, 2) < 400;
        var absorption = inside ? 0.2 + 0.05 * (e % 7) + 0.1 * p : 0.02;
        return Math.Round(5000 * Math.Exp(-absorption)) + (i * 7 + j * 3 + e) % 11;
    }

    public static double X(int i, int nx) => -10.0 + 20.0 * i / Math.Max(nx - 1, 1);
    public static double Y(int j, int ny) => -5.0 + 10.0 * j / Math.Max(ny - 1, 1);

    /// <summary>Ring current (mA) read by the baseline of run r at its start (0) or end (1).</summary>
    public static double RingCurrent(int run, int reading) => 400.0 - 0.01 * (2 * run + reading);

    private static string Metadata(IReadOnlyList<double> energies, IReadOnlyList<double> polarizations, double[] x, double[] y, int e, int p)
    {
        string Encode(Action<Utf8JsonWriter> write)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer)) write(w);
            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }
        void Axis(Utf8JsonWriter w, string name, string positioner, double[] setpoints)
        {
            w.WriteStartObject(name);
            w.WriteString("POSITIONER", positioner);
            w.WriteNumber("NPOINTS", setpoints.Length);
            w.WriteNumber("START", setpoints[0]);
            w.WriteNumber("STOP", setpoints[^1]);
            w.WriteStartArray("SETPOINTS");
            foreach (var v in setpoints) w.WriteNumberValue(v);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        var map = Encode(w =>
        {
            w.WriteStartObject();
            w.WriteString("entry", $"entry{p}");
            w.WriteNumber("e_idx", e);
            w.WriteNumber("pol_idx", p);
            w.WriteNumber("sp_id", 0);
            w.WriteNumber("sp_idx", 0);
            w.WriteEndObject();
        });
        return Encode(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("scan_type", (int)StxmScanType.SampleImageStack);
            w.WriteString("entry_name", $"entry{p}");
            w.WriteString("img_idx_map", map);
            w.WriteString("primary_det", Detector);
            w.WriteNumber("dwell", DwellMs);
            w.WriteStartArray("sp_id_lst");
            w.WriteNumberValue(0);
            w.WriteEndArray();
            w.WriteStartObject("rev_lu_dct");
            w.WriteString("ENERGY", EnergyPv);
            w.WriteString("StorageRingCurrent", RingCurrentPv);
            w.WriteEndObject();
            w.WriteStartObject("zp_def");
            w.WriteNumber("zp_idx", 1);
            w.WriteNumber("zpD", 240.0);
            w.WriteNumber("zpCStop", 90.0);
            w.WriteNumber("zpOZone", 25.0);
            w.WriteNumber("zpA1", -4.84);
            w.WriteEndObject();
            w.WriteStartObject("rois");
            w.WriteStartObject("0");
            Axis(w, "X", "SampleX", x);
            Axis(w, "Y", "SampleY", y);
            w.WriteStartArray("EV_ROIS");
            w.WriteStartObject();
            w.WriteStartArray("SETPOINTS");
            foreach (var v in energies) w.WriteNumberValue(v);
            w.WriteEndArray();
            w.WriteStartArray("EPU_POL_PNTS");
            foreach (var v in polarizations) w.WriteNumberValue(v);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static void Descriptor(Utf8JsonWriter w, string uid, string runUid, string stream, double time, int nx)
    {
        w.WriteStartObject();
        w.WriteString("uid", uid);
        w.WriteString("run_start", runUid);
        w.WriteString("name", stream);
        w.WriteNumber("time", time);
        w.WriteStartObject("data_keys");
        if (stream == "primary")
            Key(w, DetectorKey, "array", [nx], "counts", "PV:synthetic:waveform", Detector);
        else
        {
            Key(w, EnergyPv, "number", [], "eV", "PV:" + EnergyPv, EnergyPv);
            Key(w, RingCurrentPv + "_val", "number", [], "mA", "PV:" + RingCurrentPv, RingCurrentPv);
        }
        w.WriteEndObject();
        w.WriteStartObject("hints");
        if (stream == "primary")
        {
            w.WriteStartObject(Detector);
            w.WriteStartArray("fields");
            w.WriteStringValue(DetectorKey);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Key(Utf8JsonWriter w, string name, string dtype, int[] shape, string units, string source, string objectName)
    {
        w.WriteStartObject(name);
        w.WriteString("dtype", dtype);
        w.WriteStartArray("shape");
        foreach (var n in shape) w.WriteNumberValue(n);
        w.WriteEndArray();
        w.WriteString("units", units);
        w.WriteString("source", source);
        w.WriteString("object_name", objectName);
        w.WriteEndObject();
    }

    private static void BaselineEvent(Utf8JsonWriter w, string descriptor, string uid, int seq, double time, double energy, double ring)
    {
        w.WriteStartObject();
        w.WriteString("uid", uid);
        w.WriteString("descriptor", descriptor);
        w.WriteNumber("seq_num", seq);
        w.WriteNumber("time", time);
        w.WriteStartObject("data");
        w.WriteNumber(EnergyPv, energy);
        w.WriteNumber(RingCurrentPv + "_val", ring);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string Uid(string kind, int index) =>
        new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes($"{kind}/{index}"))).ToString();
}
