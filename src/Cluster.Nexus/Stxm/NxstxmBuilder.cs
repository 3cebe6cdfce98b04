using System.Globalization;

namespace Cluster.Nexus.Stxm;

/// <summary>What the file root records about the file itself.</summary>
public sealed record NxstxmFileInfo(string FileName, DateTimeOffset FileTime, string Creator = "Cluster NXstxm writer")
{
    /// <summary>The HDF5 library version, when the caller knows it (the writer may also set it).</summary>
    public string? Hdf5Version { get; init; }
    /// <summary>NXsource/name; the bluesky documents do not say which facility recorded them.</summary>
    public string SourceName { get; init; } = "unknown";
    /// <summary>gzip level (0-9) of the large arrays, which are also shuffled; 0 stores them chunked but uncompressed.</summary>
    public int GzipLevel { get; init; } = 1;
}

/// <summary>
/// Builds the NeXus tree of an <see cref="StxmScan"/> following NXstxm and the conventions MANTiS, aXis2000 and
/// nexpy read: <c>definition</c>/<c>stxm_scan_type</c> as 1-element string arrays, NXdata with group
/// <c>@signal</c> and field <c>data@signal=1</c>, <c>@axes</c> as a string array of the literal names
/// <c>energy</c>, <c>sample_y</c>, <c>sample_x</c>, <c>line_position</c>, flat chronological nP-long instrument
/// arrays, units on every quantity and the <c>@default</c> chain root -> entry -> data.
/// </summary>
public static class NxstxmBuilder
{
    public const string NexusVersion = "v2026.01";
    private const int ChunkedAbove = 4096;

    public static NexusGroup Build(StxmScan scan, NxstxmFileInfo file)
    {
        if (scan.Entries.Count == 0) throw new ArgumentException($"{scan.Source}: the scan has no entries", nameof(scan));
        var root = new NexusGroup("root", "NXroot");
        root.Attributes.Set("file_name", file.FileName);
        root.Attributes.Set("file_time", IsoTime(file.FileTime));
        root.Attributes.Set("creator", file.Creator);
        root.Attributes.Set("NeXus_version", NexusVersion);
        if (file.Hdf5Version is not null) root.Attributes.Set("HDF5_Version", file.Hdf5Version);
        root.Attributes.Set("default", scan.Entries[0].Name);
        foreach (var entry in scan.Entries) root.Add(Entry(entry, file));
        return root;
    }

    private static NexusGroup Entry(StxmEntry e, NxstxmFileInfo file)
    {
        var g = new NexusGroup(e.Name, "NXentry");
        g.Attributes.Set("default", e.DetectorName);
        g.AddField("title", new NexusText(e.Title));
        g.AddField("start_time", new NexusText(IsoTime(e.StartTime)));
        g.AddField("end_time", new NexusText(IsoTime(e.EndTime)));
        g.AddField("definition", new NexusTextArray(["NXstxm"]));
        g.AddField("program_name", new NexusText("Cluster (bluesky documents to NXstxm)"));
        g.AddField("scan_aborted", new NexusArray(new byte[] { e.Aborted ? (byte)1 : (byte)0 }));
        if (e.Aborted)
        {
            var note = g.AddGroup("notes", "NXnote");
            note.AddField("type", new NexusText("text/plain"));
            note.AddField("description", new NexusText(
                $"scan aborted: {e.RecordedPoints} of {e.DeclaredPoints} points recorded; points never recorded are NaN"));
        }
        g.Add(Instrument(e, file));
        var sample = g.AddGroup("sample", "NXsample");
        Quantity(sample, "rotation_angle", NexusArray.Scalar(e.RotationAngle), "deg");
        g.Add(Data(e, file));
        g.Add(Control(e, file));
        g.Add(Collection(e));
        return g;
    }

    private static NexusGroup Instrument(StxmEntry e, NxstxmFileInfo file)
    {
        var n = e.PointCounts.Length;
        var g = new NexusGroup("instrument", "NXinstrument");
        var source = g.AddGroup("source", "NXsource");
        source.AddField("type", new NexusText("Synchrotron X-ray Source"));
        source.AddField("name", new NexusText(file.SourceName));
        source.AddField("probe", new NexusText("x-ray"));
        var current = e.PointRingCurrent.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
        Quantity(source, "current", NexusArray.Scalar(current), "mA");

        var mono = g.AddGroup("monochromator", "NXmonochromator");
        Quantity(mono, "energy", Flat(e.PointEnergy), "eV", Storage([n], file));

        if (e.ZonePlate is { } zp)
        {
            var z = g.AddGroup("zoneplate", "NXfresnel_zone_plate");
            Quantity(z, "outer_diameter", NexusArray.Scalar(zp.OuterDiameterUm), "um");
            Quantity(z, "central_stop_diameter", NexusArray.Scalar(zp.CentralStopDiameterUm), "um");
            Quantity(z, "outermost_zone_width", NexusArray.Scalar(zp.OutermostZoneWidthNm), "nm");
            // NXfresnel_zone_plate: focal length (um) as a polynomial in photon energy (eV); the seed's is A1 * E.
            var focus = z.AddField("focus_parameters", NexusArray.Vector([0.0, zp.A1UmPerEv]));
            focus.Attributes.Set("description", "focal length [um] = focus_parameters[0] + focus_parameters[1] * energy [eV]");
            z.AddField("fabrication", new NexusText("etched"));
            z.AddField("zone_plate_index", NexusArray.Scalar(zp.Index));
        }

        var detector = g.AddGroup(e.DetectorName, "NXdetector");
        Quantity(detector, "data", Flat(e.PointCounts), e.DetectorUnits ?? "counts", Storage([n], file));
        Quantity(detector, "count_time", Flat(Enumerable.Repeat(e.CountTime, n).ToArray()), "s", Storage([n], file));

        Positioner(g, "sample_x", e.PointSampleX, e.XPositioner, file);
        Positioner(g, "sample_y", e.PointSampleY, e.YPositioner, file);
        if (e.PointZonePlateZ is { } pz) Positioner(g, "zoneplate_z", pz, "ZonePlate.Z", file);

        if (e.Polarization is { } pol)
        {
            var epu = g.AddGroup("epu", "NXinsertion_device");
            epu.AddField("type", new NexusText("undulator"));
            epu.AddField("polarization", NexusArray.Scalar(pol)).Attributes.Set("description", "EPU polarization setpoint (pyStxm EPU_POL_PNTS)");
            epu.AddField("polarization_index", NexusArray.Scalar(e.PolarizationIndex));
        }
        return g;
    }

    private static void Positioner(NexusGroup instrument, string name, double[] values, string? positioner, NxstxmFileInfo file)
    {
        var g = instrument.AddGroup(name, "NXdetector");
        var data = Quantity(g, "data", Flat(values), "um", Storage([values.LongLength], file));
        if (positioner is not null) data.Attributes.Set("long_name", $"{name} ({positioner})");
    }

    private static NexusGroup Data(StxmEntry e, NxstxmFileInfo file)
    {
        var g = new NexusGroup(e.DetectorName, "NXdata");
        g.Attributes.Set("signal", "data");
        var (axes, indices) = Axes(e.Layout);
        g.Attributes.Set("axes", new NexusTextArray(axes));
        foreach (var (axis, index) in indices) g.Attributes.Set($"{axis}_indices", NexusArray.Scalar(index));
        var data = g.AddField("data", new NexusArray(e.Data, e.Shape), Storage(e.Shape, file));
        data.Attributes.Set("signal", NexusArray.Scalar(1));
        data.Attributes.Set("units", e.DetectorUnits ?? "counts");
        g.AddField("stxm_scan_type", new NexusTextArray([e.NxstxmScanType]));
        Quantity(g, "energy", NexusArray.Vector(e.Energies), "eV");
        Quantity(g, "sample_y", NexusArray.Vector(e.SampleY), "um");
        Quantity(g, "sample_x", NexusArray.Vector(e.SampleX), "um");
        if (e.LinePosition is { } line) Quantity(g, "line_position", NexusArray.Vector(line), "um");
        if (e.ZonePlateZ is { } z) Quantity(g, "zoneplate_z", NexusArray.Vector(z), "um");
        Quantity(g, "count_time", NexusArray.Vector(Enumerable.Repeat(e.CountTime, e.Energies.Length).ToArray()), "s");
        return g;
    }

    /// <summary>The control monitor: ring current shaped like the signal, its axes linked to the NXdata group's.</summary>
    private static NexusGroup Control(StxmEntry e, NxstxmFileInfo file)
    {
        var g = new NexusGroup("control", "NXmonitor");
        g.Attributes.Set("signal", "data");
        var (axes, indices) = Axes(e.Layout);
        g.Attributes.Set("axes", new NexusTextArray(axes));
        foreach (var (axis, index) in indices) g.Attributes.Set($"{axis}_indices", NexusArray.Scalar(index));
        Quantity(g, "data", new NexusArray(e.RingCurrent, e.Shape), "mA", Storage(e.Shape, file))
            .Attributes.Set("long_name", "storage ring current");
        var data = $"/{e.Name}/{e.DetectorName}";
        foreach (var axis in new[] { "energy", "sample_y", "sample_x" }.Concat(axes).Distinct())
            g.AddLink(axis, $"{data}/{axis}");
        return g;
    }

    private static NexusGroup Collection(StxmEntry e)
    {
        var g = new NexusGroup("collection", "NXcollection");
        g.AddField("scan_request", new NexusText(e.ScanRequestJson)).Attributes.Set("content_type", "application/json");
        g.AddField("seed_scan_type", new NexusText(StxmScanTypes.SeedName(e.ScanType)));
        g.AddField("region_id", NexusArray.Scalar(e.RegionId));
        g.AddField("polarization_index", NexusArray.Scalar(e.PolarizationIndex));
        g.AddField("points_declared", NexusArray.Scalar(e.DeclaredPoints));
        g.AddField("points_recorded", NexusArray.Scalar(e.RecordedPoints));
        g.AddField("run_uids", new NexusTextArray(e.RunUids));
        var baseline = g.AddGroup("baseline", "NXcollection");
        foreach (var s in e.Baseline)
        {
            var field = s.Texts is { } texts
                ? baseline.AddField(s.Name, new NexusTextArray(texts))
                : baseline.AddField(s.Name, NexusArray.Vector(s.Values));
            if (s.Units is { Length: > 0 } units && s.Texts is null) field.Attributes.Set("units", units);
            if (s.Source is not null) field.Attributes.Set("source", s.Source);
            field.Attributes.Set("description", "value at scan start and at scan end (bluesky baseline stream)");
        }
        return g;
    }

    /// <summary>@axes and the AXISNAME_indices per layout; sample_x/y of a line share the line's dimension.</summary>
    private static (string[] Axes, (string, int)[] Indices) Axes(StxmLayout layout) => layout switch
    {
        StxmLayout.PointSpectrum => (["energy"], [("energy", 0)]),
        StxmLayout.LineSpectrum => (["energy", "line_position"], [("energy", 0), ("line_position", 1), ("sample_x", 1), ("sample_y", 1)]),
        StxmLayout.Image => (["sample_y", "sample_x"], [("sample_y", 0), ("sample_x", 1)]),
        StxmLayout.Stack => (["energy", "sample_y", "sample_x"], [("energy", 0), ("sample_y", 1), ("sample_x", 2)]),
        StxmLayout.Focus => (["zoneplate_z", "line_position"], [("zoneplate_z", 0), ("line_position", 1), ("sample_x", 1), ("sample_y", 1)]),
        StxmLayout.Generic => (["sample_y", "sample_x"], [("sample_y", 0), ("sample_x", 1)]),
        _ => throw new ArgumentOutOfRangeException(nameof(layout)),
    };

    private static NexusField Quantity(NexusGroup g, string name, NexusArray value, string units, NexusStorage? storage = null)
    {
        var field = g.AddField(name, value, storage);
        field.Attributes.Set("units", units);
        return field;
    }

    private static NexusArray Flat(double[] values) =>
        new(values, values.LongLength);

    /// <summary>Large signals are chunked one row (or image plane) at a time, shuffled and gzip-1 compressed.</summary>
    private static NexusStorage? Storage(long[] shape, NxstxmFileInfo file)
    {
        var n = shape.Aggregate(1L, (p, x) => p * x);
        if (n < ChunkedAbove) return null;
        var compressed = file.GzipLevel > 0;
        return new NexusStorage(shape.Length == 1 ? null : [1, .. shape[1..]], Shuffle: compressed, GzipLevel: file.GzipLevel);
    }

    /// <summary>ISO 8601 with an explicit offset (UTC: the documents carry epoch seconds, no zone).</summary>
    public static string IsoTime(DateTimeOffset t) =>
        t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+00:00'", CultureInfo.InvariantCulture);
}
