namespace Cluster.Nexus.Stxm;

/// <summary>An STXM scan read from one or more bluesky runs: one entry per spatial region x polarization (x angle).</summary>
public sealed record StxmScan(string Source, StxmScanType Type, IReadOnlyList<StxmEntry> Entries, IReadOnlyList<string> Notes);

/// <summary>The zone plate as the seed's <c>zp_def</c> describes it (focal length = A1 x energy).</summary>
public sealed record ZonePlate(int Index, double OuterDiameterUm, double CentralStopDiameterUm, double OutermostZoneWidthNm, double A1UmPerEv);

/// <summary>A baseline signal read at scan start and end; numeric values or, for text signals, <see cref="Texts"/>.</summary>
public sealed record BaselineSignal(string Name, string? Source, string? Units, double[] Values, string[]? Texts);

/// <summary>
/// One NXentry. Grid arrays (<see cref="Data"/>) are row-major in <see cref="Shape"/>; point arrays (names starting
/// with <c>Point</c>) are chronological, one value per scan point (nP = product of the shape). Points never recorded
/// (aborted scans) are NaN.
/// </summary>
public sealed class StxmEntry
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required StxmScanType ScanType { get; init; }
    public required StxmLayout Layout { get; init; }
    public string NxstxmScanType => StxmScanTypes.NxstxmName(ScanType, Layout);
    public required long[] Shape { get; init; }
    public required double[] Data { get; init; }
    /// <summary>Ring current (mA) laid out like <see cref="Data"/>: the signal of the <c>control</c> monitor.</summary>
    public required double[] RingCurrent { get; init; }

    /// <summary>NXdata axes: energies (nE, eV), sample positions (nY, nX or nPos for lines, um).</summary>
    public required double[] Energies { get; init; }
    public required double[] SampleX { get; init; }
    public required double[] SampleY { get; init; }
    /// <summary>Distance along the line from its first point (um): line spectra and focus scans.</summary>
    public double[]? LinePosition { get; init; }
    /// <summary>Zone plate z per focus row (um): focus scans.</summary>
    public double[]? ZonePlateZ { get; init; }

    public required double[] PointEnergy { get; init; }
    public required double[] PointSampleX { get; init; }
    public required double[] PointSampleY { get; init; }
    public double[]? PointZonePlateZ { get; init; }
    public required double[] PointCounts { get; init; }
    public required double[] PointRingCurrent { get; init; }

    public required string DetectorName { get; init; }
    public string? DetectorUnits { get; init; }
    public string? XPositioner { get; init; }
    public string? YPositioner { get; init; }
    /// <summary>Dwell per point in seconds.</summary>
    public required double CountTime { get; init; }
    public required double RotationAngle { get; init; }
    public required int RegionId { get; init; }
    public required int PolarizationIndex { get; init; }
    public double? Polarization { get; init; }
    public ZonePlate? ZonePlate { get; init; }
    public required IReadOnlyList<BaselineSignal> Baseline { get; init; }
    /// <summary>The scan request: the start document's metadata as JSON, its JSON-encoded strings decoded.</summary>
    public required string ScanRequestJson { get; init; }
    public required DateTimeOffset StartTime { get; init; }
    public required DateTimeOffset EndTime { get; init; }
    public required long DeclaredPoints { get; init; }
    public required long RecordedPoints { get; init; }
    /// <summary>Fewer points than declared, or a run that stopped without success or without a stop document.</summary>
    public required bool Aborted { get; init; }
    public required IReadOnlyList<string> RunUids { get; init; }
}
