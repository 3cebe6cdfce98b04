using Cluster.Nexus.Bluesky;

namespace Cluster.Nexus.Stxm;

/// <summary>
/// Interprets bluesky runs recorded by pyStxm as an STXM scan. A file holds one scan: one run, or several runs of
/// the same scan type that <c>img_idx_map</c> places into entries (a stack: one run per energy; tomography: one
/// per angle and energy). Entries = spatial regions x polarizations (x angles).
/// </summary>
public static class StxmScanReader
{
    /// <summary>Reads a bluesky document file (JSON Lines, a suitcase example file or an older pyStxm example file) and interprets it.</summary>
    public static StxmScan Read(string path) => Interpret(BlueskyDocumentFile.Read(path));

    public static StxmScan Interpret(IReadOnlyList<BlueskyRun> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("no runs to interpret", nameof(runs));
        var source = runs[0].Source;
        var metadata = runs.Select(StxmRunMetadata.Of).OrderBy(m => m.Run.Start.Time).ToList();
        var type = metadata[0].ScanType;
        var other = metadata.FirstOrDefault(m => m.ScanType != type);
        if (other is not null)
            throw new StxmScanException(source, other.Run.Uid, $"scan type {other.ScanType} differs from {type} of run {metadata[0].Run.Uid}: a file must hold one scan");
        var data = metadata.Select(StxmRunData.Of).ToList();
        var notes = new List<string>();
        var accumulators = type switch
        {
            StxmScanType.SamplePointSpectra => PointSpectra(data, notes),
            StxmScanType.SampleLineSpectra => LineSpectra(data, notes),
            StxmScanType.OsaFocus or StxmScanType.SampleFocus => Focus(data, notes),
            StxmScanType.SampleImage or StxmScanType.SampleImageStack or StxmScanType.Tomography => Planes(data, type, notes),
            _ => Grid(data, type, notes),
        };
        NoteDeclaredShapes(data, notes);
        var entries = accumulators.Select(a => Finish(a, type, data, notes)).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        return new StxmScan(source, type, entries, notes);
    }

    // ---- scan families -------------------------------------------------------------------------------------

    /// <summary>
    /// Raster scans of two positioners: detector, OSA, coarse, goniometer, pattern generator and generic scans (the
    /// seed counts generic scans among its two-positioner scans; a one-positioner generic scan is one row).
    /// </summary>
    private static List<StxmEntryAccumulator> Grid(List<StxmRunData> runs, StxmScanType type, List<string> notes)
    {
        var run = Single(runs, type);
        var md = run.Metadata;
        var region = md.Region(md.RegionId);
        var x = StxmRunMetadata.Setpoints(region, "X");
        var y = StxmRunMetadata.Setpoints(region, "Y");
        var generic = type == StxmScanType.GenericScan;
        if (generic && y.Length == 0) y = [StxmRunMetadata.Start(region, "Y")];
        if (x.Length == 0 || y.Length == 0)
            throw new StxmScanException(run.Run.Source, run.Run.Uid, "the region has no X/Y setpoints: cannot tell the image size");
        int nx = x.Length, ny = y.Length;
        var acc = new StxmEntryAccumulator(md.EntryName, generic ? StxmLayout.Generic : StxmLayout.Image, [ny, nx], hasZonePlateZ: false);
        RequireFits(run, run.Values.Length, acc.PointCount, $"{ny} x {nx} points");
        var snake = Snaking(run);
        var xs = run.PerValue(md.DevicePv(StxmRunMetadata.Positioner(region, "X")));
        var ys = run.PerValue(md.DevicePv(StxmRunMetadata.Positioner(region, "Y")));
        var energy = SingleEnergy(run, region);
        var ring = RingCurrent(run, runs);
        for (var k = 0; k < run.Values.Length; k++)
        {
            var row = k / nx;
            var col = k % nx;
            if (snake && row % 2 == 1) col = nx - 1 - col;
            acc.Put(row * nx + col, k, run.Values[k], energy[k], xs?[k] ?? x[col], ys?[k] ?? y[row], double.NaN, ring[k]);
        }
        acc.AddRun(run);
        return [acc];
    }

    /// <summary>Zone plate z (rows) against position along a line (columns).</summary>
    private static List<StxmEntryAccumulator> Focus(List<StxmRunData> runs, List<string> notes)
    {
        var run = Single(runs, runs[0].Metadata.ScanType);
        var md = run.Metadata;
        var region = md.Region(md.RegionId);
        var x = StxmRunMetadata.Setpoints(region, "X");
        var y = StxmRunMetadata.Setpoints(region, "Y");
        var z = StxmRunMetadata.Setpoints(region, "ZP", "Z");
        if (x.Length == 0 || z.Length == 0)
            throw new StxmScanException(run.Run.Source, run.Run.Uid, "focus scan without X or ZP.Z setpoints: cannot tell the line or the focus range");
        var npos = x.Length;
        if (y.Length != npos) y = Enumerable.Repeat(y.Length > 0 ? y[0] : double.NaN, npos).ToArray();
        var acc = new StxmEntryAccumulator(md.EntryName, StxmLayout.Focus, [z.Length, npos], hasZonePlateZ: true);
        RequireFits(run, run.Values.Length, acc.PointCount, $"{z.Length} zone plate positions x {npos} line points");
        var xs = run.PerValue(md.DevicePv(StxmRunMetadata.Positioner(region, "X")));
        var ys = run.PerValue(md.DevicePv(StxmRunMetadata.Positioner(region, "Y")));
        var zs = run.PerValue(md.DevicePv(StxmRunMetadata.Positioner(region, "ZP", "Z")));
        var energy = SingleEnergy(run, region);
        var ring = RingCurrent(run, runs);
        for (var k = 0; k < run.Values.Length; k++)
            acc.Put(k, k, run.Values[k], energy[k], xs?[k] ?? x[k % npos], ys?[k] ?? y[k % npos], zs?[k] ?? z[k / npos], ring[k]);
        acc.AddRun(run);
        return [acc];
    }

    /// <summary>
    /// One run visits every region (and polarization) at each energy: values are interleaved energy-major, then
    /// polarization, then region (the seed slices <c>data[i::n]</c>).
    /// </summary>
    private static List<StxmEntryAccumulator> PointSpectra(List<StxmRunData> runs, List<string> notes)
    {
        var run = Single(runs, StxmScanType.SamplePointSpectra);
        var md = run.Metadata;
        var regionIds = md.RegionIds.Count > 0 ? md.RegionIds : [md.RegionId];
        var regions = regionIds.Select(md.Region).ToList();
        var energies = StxmRunMetadata.Energies(regions[0]);
        if (energies.Length == 0) throw new StxmScanException(run.Run.Source, run.Run.Uid, "point spectra without energy setpoints (EV_ROIS)");
        var polarizations = StxmRunMetadata.Polarizations(regions[0]);
        var stride = regions.Count * polarizations.Length;
        RequireFits(run, run.Values.Length, energies.Length * stride, $"{energies.Length} energies x {polarizations.Length} polarizations x {regions.Count} points");
        var ring = RingCurrent(run, runs);
        var accumulators = new List<StxmEntryAccumulator>();
        for (var p = 0; p < polarizations.Length; p++)
            for (var i = 0; i < regions.Count; i++)
            {
                var acc = new StxmEntryAccumulator($"entry{accumulators.Count}", StxmLayout.PointSpectrum, [energies.Length], hasZonePlateZ: false)
                {
                    RegionId = regionIds[i],
                    PolarizationIndex = p,
                };
                accumulators.Add(acc);
                acc.AddRun(run);
            }
        for (var k = 0; k < run.Values.Length; k++)
        {
            var e = k / stride;
            var r = k % stride;
            var p = r / regions.Count;
            var i = r % regions.Count;
            var x = StxmRunMetadata.Setpoints(regions[i], "X");
            var y = StxmRunMetadata.Setpoints(regions[i], "Y");
            accumulators[p * regions.Count + i].Put(e, e, run.Values[k], energies[e], x.Length > 0 ? x[0] : double.NaN, y.Length > 0 ? y[0] : double.NaN, double.NaN, ring[k]);
        }
        return accumulators;
    }

    /// <summary>One waveform (a line of positions) per energy (and polarization).</summary>
    private static List<StxmEntryAccumulator> LineSpectra(List<StxmRunData> runs, List<string> notes)
    {
        var run = Single(runs, StxmScanType.SampleLineSpectra);
        var md = run.Metadata;
        var region = md.Region(md.RegionId);
        var x = StxmRunMetadata.Setpoints(region, "X");
        var y = StxmRunMetadata.Setpoints(region, "Y");
        var energies = StxmRunMetadata.Energies(region);
        var polarizations = StxmRunMetadata.Polarizations(region);
        if (x.Length == 0 || energies.Length == 0)
            throw new StxmScanException(run.Run.Source, run.Run.Uid, "line spectrum without X or energy setpoints");
        var npos = x.Length;
        if (y.Length != npos) y = Enumerable.Repeat(y.Length > 0 ? y[0] : double.NaN, npos).ToArray();
        var nP = energies.Length * npos;
        RequireFits(run, run.Values.Length, nP * polarizations.Length, $"{energies.Length} energies x {polarizations.Length} polarizations x {npos} line points");
        if (run.RowLength > 1 && run.RowLength != npos)
            throw new StxmScanException(run.Run.Source, run.Run.Uid, $"shape mismatch: waveforms of {run.RowLength} values for a line of {npos} points");
        var ring = RingCurrent(run, runs);
        var accumulators = Enumerable.Range(0, polarizations.Length)
            .Select(p => new StxmEntryAccumulator(polarizations.Length == 1 ? md.EntryName : $"entry{p}", StxmLayout.LineSpectrum, [energies.Length, npos], hasZonePlateZ: false)
            {
                RegionId = md.RegionId,
                PolarizationIndex = p,
            })
            .ToList();
        for (var k = 0; k < run.Values.Length; k++)
        {
            var line = k / npos;
            var col = k % npos;
            var e = line / polarizations.Length;
            var p = line % polarizations.Length;
            var index = e * npos + col;
            accumulators[p].Put(index, index, run.Values[k], energies[e], x[col], y[col], double.NaN, ring[k]);
        }
        foreach (var acc in accumulators) acc.AddRun(run);
        return accumulators;
    }

    /// <summary>
    /// Images line by line: each run is one image plane (one energy of one entry) placed by its img_idx_map
    /// (entry, e_idx). A sample image is one plane; a stack nE planes; tomography one stack per angle.
    /// </summary>
    private static List<StxmEntryAccumulator> Planes(List<StxmRunData> runs, StxmScanType type, List<string> notes)
    {
        var byEntry = new Dictionary<string, StxmEntryAccumulator>();
        var planes = new HashSet<(string, int)>();
        foreach (var run in runs)
        {
            var md = run.Metadata;
            var region = md.Region(md.RegionId);
            var x = StxmRunMetadata.Setpoints(region, "X");
            var y = StxmRunMetadata.Setpoints(region, "Y");
            if (x.Length == 0 || y.Length == 0)
                throw new StxmScanException(run.Run.Source, run.Run.Uid, "the region has no X/Y setpoints: cannot tell the image size");
            var energies = type == StxmScanType.SampleImage ? [] : StxmRunMetadata.Energies(region);
            var ne = Math.Max(energies.Length, 1);
            var layout = ne > 1 ? StxmLayout.Stack : StxmLayout.Image;
            int nx = x.Length, ny = y.Length, plane = nx * ny;
            if (!byEntry.TryGetValue(md.EntryName, out var acc))
            {
                acc = new StxmEntryAccumulator(md.EntryName, layout, layout == StxmLayout.Stack ? [ne, ny, nx] : [ny, nx], hasZonePlateZ: false)
                {
                    RegionId = md.RegionId,
                    PolarizationIndex = md.PolarizationIndex,
                };
                byEntry[md.EntryName] = acc;
            }
            else if (acc.PointCount != ne * plane)
                throw new StxmScanException(run.Run.Source, run.Run.Uid, $"shape mismatch: entry '{md.EntryName}' is {string.Join(" x ", acc.Shape)} but this run describes {ne} x {ny} x {nx}");
            var e = md.EnergyIndex;
            if (e < 0 || e >= ne)
                throw new StxmScanException(run.Run.Source, run.Run.Uid, $"img_idx_map e_idx {e} is outside the {ne} energies of entry '{md.EntryName}'");
            if (!planes.Add((md.EntryName, e)))
                throw new StxmScanException(run.Run.Source, run.Run.Uid, $"a second run for entry '{md.EntryName}' energy index {e}");
            RequireFits(run, run.Values.Length, plane, $"{ny} x {nx} points per image");
            if (run.RowLength > 1 && run.RowLength != nx)
                throw new StxmScanException(run.Run.Source, run.Run.Uid, $"shape mismatch: lines of {run.RowLength} values for images {nx} points wide");
            var energy = energies.Length > 1 ? PerValue.Constant(energies[e]) : SingleEnergy(run, region);
            var ring = RingCurrent(run, runs);
            var offset = e * plane;
            for (var k = 0; k < run.Values.Length; k++)
                acc.Put(offset + k, offset + k, run.Values[k], energy[k], x[k % nx], y[k / nx], double.NaN, ring[k]);
            acc.AddRun(run);
        }
        return byEntry.Values.ToList();
    }

    // ---- shared pieces -------------------------------------------------------------------------------------

    private static StxmEntry Finish(StxmEntryAccumulator acc, StxmScanType type, List<StxmRunData> all, List<string> notes)
    {
        if (acc.Runs.Count == 0) throw new InvalidOperationException($"entry {acc.Name} has no runs");
        var first = acc.Runs[0];
        var md = first.Metadata;
        var (regionId, pol) = (acc.RegionId ?? md.RegionId, acc.PolarizationIndex ?? md.PolarizationIndex);
        var region = md.Region(regionId);
        var declared = (long)acc.PointCount;
        var aborted = acc.Recorded < declared || acc.Runs.Any(r => !r.Completed);
        if (acc.Recorded < declared)
            notes.Add($"{acc.Name}: scan aborted after {acc.Recorded} of {declared} points; the missing points are NaN");
        foreach (var r in acc.Runs.Where(r => !r.Completed))
            notes.Add($"{acc.Name}: run {r.Run.Uid} " + (r.Run.Stop is null ? "has no stop document (interrupted)" : $"stopped with exit_status '{r.Run.Stop.ExitStatus}'"));
        var withBaseline = acc.Runs.FirstOrDefault(r => r.Baseline is not null) ?? all.FirstOrDefault(r => r.Baseline is not null);
        var polarizations = StxmRunMetadata.Polarizations(region);
        var rotation = md.RotationAngle
            ?? withBaseline?.BaselineValue(md.DevicePv("GoniTheta"))?.Start
            ?? 0.0;
        var (energies, sampleX, sampleY, linePosition, zpz) = Axes(acc, region, md);
        return new StxmEntry
        {
            Name = acc.Name,
            Title = $"{StxmScanTypes.SeedName(type)} scan {ScanId(first)} ({acc.Name})",
            ScanType = type,
            Layout = acc.Layout,
            Shape = acc.Shape,
            Data = acc.Data,
            Energies = energies,
            SampleX = sampleX,
            SampleY = sampleY,
            LinePosition = linePosition,
            ZonePlateZ = zpz,
            PointEnergy = acc.Energy,
            PointSampleX = acc.X,
            PointSampleY = acc.Y,
            PointZonePlateZ = acc.Z,
            PointCounts = acc.Counts,
            PointRingCurrent = acc.Ring,
            RingCurrent = acc.RingGrid,
            DetectorName = md.PrimaryDetector,
            DetectorUnits = first.DetectorUnits,
            XPositioner = StxmRunMetadata.Positioner(region, "X"),
            YPositioner = StxmRunMetadata.Positioner(region, "Y"),
            CountTime = double.IsNaN(md.DwellMs) ? double.NaN : md.DwellMs * 1e-3,
            RotationAngle = rotation,
            RegionId = regionId,
            PolarizationIndex = pol,
            Polarization = pol < polarizations.Length && !double.IsNaN(polarizations[pol]) ? polarizations[pol] : null,
            ZonePlate = md.ZonePlate(),
            Baseline = withBaseline?.BaselineSignals() ?? [],
            ScanRequestJson = md.ScanRequestJson(),
            StartTime = Time(acc.Runs.Min(r => r.StartTime)),
            EndTime = Time(acc.Runs.Max(r => r.EndTime)),
            DeclaredPoints = declared,
            RecordedPoints = acc.Recorded,
            Aborted = aborted,
            RunUids = acc.Runs.Select(r => r.Run.Uid).ToList(),
        };
    }

    private static (double[] Energies, double[] X, double[] Y, double[]? Line, double[]? Z) Axes(StxmEntryAccumulator acc, System.Text.Json.JsonElement region, StxmRunMetadata md)
    {
        var x = StxmRunMetadata.Setpoints(region, "X");
        var y = StxmRunMetadata.Setpoints(region, "Y");
        var firstEnergy = acc.Energy.FirstOrDefault(e => !double.IsNaN(e), double.NaN);
        switch (acc.Layout)
        {
            case StxmLayout.PointSpectrum:
                return (StxmRunMetadata.Energies(region), [x.Length > 0 ? x[0] : double.NaN], [y.Length > 0 ? y[0] : double.NaN], null, null);
            case StxmLayout.Stack:
                return (StxmRunMetadata.Energies(region), x, y, null, null);
            case StxmLayout.Image:
                return ([firstEnergy], x, y, null, null);
            case StxmLayout.Generic:
                return ([firstEnergy], x, y.Length > 0 ? y : [StxmRunMetadata.Start(region, "Y")], null, null);
            case StxmLayout.LineSpectrum:
            case StxmLayout.Focus:
            {
                var n = x.Length;
                var ly = y.Length == n ? y : Enumerable.Repeat(y.Length > 0 ? y[0] : double.NaN, n).ToArray();
                var line = Enumerable.Range(0, n).Select(i => Math.Sqrt(Math.Pow(x[i] - x[0], 2) + Math.Pow(double.IsNaN(ly[0]) ? 0 : ly[i] - ly[0], 2))).ToArray();
                return acc.Layout == StxmLayout.LineSpectrum
                    ? (StxmRunMetadata.Energies(region), x, ly, line, null)
                    : ([firstEnergy], x, ly, line, StxmRunMetadata.Setpoints(region, "ZP", "Z"));
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(acc));
        }
    }

    private static StxmRunData Single(List<StxmRunData> runs, StxmScanType type) =>
        runs.Count == 1 ? runs[0] : throw new StxmScanException(runs[0].Run.Source, runs[1].Run.Uid, $"{StxmScanTypes.SeedName(type)} is a one-run scan, but the file holds {runs.Count} runs");

    private static void RequireFits(StxmRunData run, int values, int capacity, string what)
    {
        if (values > capacity)
            throw new StxmScanException(run.Run.Source, run.Run.Uid, $"shape mismatch: {values} detector values for a scan of {what} ({capacity})");
    }

    private static bool Snaking(StxmRunData run) =>
        run.Run.Start.Raw.TryGetProperty("snaking", out var s) && s.ValueKind == System.Text.Json.JsonValueKind.Array
        && s.GetArrayLength() > 1 && s[1].ValueKind == System.Text.Json.JsonValueKind.True;

    /// <summary>The energy of each value of a single-energy run: the primary stream's readback, else the baseline at start, else the setpoint.</summary>
    private static PerValue SingleEnergy(StxmRunData run, System.Text.Json.JsonElement region)
    {
        var pv = run.Metadata.DevicePv("ENERGY");
        var perValue = run.PerValue(pv);
        if (perValue is not null) return new PerValue(perValue, double.NaN, double.NaN, 0);
        return PerValue.Constant(run.BaselineValue(pv)?.Start ?? StxmRunMetadata.Energies(region).FirstOrDefault(double.NaN));
    }

    /// <summary>
    /// Ring current per value: the primary stream's readback; else a straight line between the run's baseline
    /// readings at start and end (as the seed does); else the first baseline reading of the scan.
    /// </summary>
    private static PerValue RingCurrent(StxmRunData run, List<StxmRunData> all)
    {
        var pv = run.Metadata.DevicePv("StorageRingCurrent") ?? "StorageRingCurrent";
        var perValue = run.PerValue(pv);
        if (perValue is not null) return new PerValue(perValue, double.NaN, double.NaN, 0);
        if (run.BaselineValue(pv) is { } own) return new PerValue(null, own.Start, own.End, run.Values.Length);
        return PerValue.Constant(all.Select(r => r.BaselineValue(pv)).FirstOrDefault(v => v is not null)?.Start ?? double.NaN);
    }

    /// <summary>
    /// A signal's value at each detector value without an array per run: recorded values, or a straight line from
    /// <see cref="Start"/> to <see cref="End"/> over <see cref="Count"/> values (a constant when they are equal).
    /// </summary>
    private readonly record struct PerValue(double[]? Values, double Start, double End, int Count)
    {
        public static PerValue Constant(double value) => new(null, value, value, 1);

        public double this[int i] =>
            Values is not null ? Values[i] : Count <= 1 ? Start : Start + (End - Start) * i / (Count - 1);
    }

    private static void NoteDeclaredShapes(List<StxmRunData> runs, List<string> notes)
    {
        foreach (var run in runs.Where(r => r.Primary is not null && r.RowLength > 1))
        {
            var declared = run.Primary!.Key(run.DetectorKey)!.Shape;
            if (declared.Count == 1 && declared[0] != run.RowLength)
                notes.Add($"run {run.Run.Uid}: '{run.DetectorKey}' declares shape [{declared[0]}] but its events hold {run.RowLength} values; the values held are used");
        }
        foreach (var run in runs.Where(r => r.Primary is null))
            notes.Add($"run {run.Run.Uid}: no primary stream (no data recorded)");
    }

    private static string ScanId(StxmRunData run) =>
        run.Run.Start.Raw.TryGetProperty("scan_id", out var id) ? id.GetRawText() : "?";

    private static DateTimeOffset Time(double epochSeconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(epochSeconds * 1000));
}
