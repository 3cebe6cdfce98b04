namespace Cluster.Nexus.Stxm;

/// <summary>The scan types of the seed exporter (pyStxm / suitcase-nxstxm), with the numbers its metadata uses.</summary>
public enum StxmScanType
{
    DetectorImage = 0,
    OsaImage = 1,
    OsaFocus = 2,
    SampleFocus = 3,
    SamplePointSpectra = 4,
    SampleLineSpectra = 5,
    SampleImage = 6,
    SampleImageStack = 7,
    GenericScan = 8,
    CoarseImage = 9,
    CoarseGoniometer = 10,
    Tomography = 11,
    PatternGenerator = 12,
}

/// <summary>How an entry's NXdata signal is shaped.</summary>
public enum StxmLayout
{
    /// <summary>(nE): one spectrum at one point.</summary>
    PointSpectrum,
    /// <summary>(nE, nPos): spectra along a line.</summary>
    LineSpectrum,
    /// <summary>(nY, nX).</summary>
    Image,
    /// <summary>(nE, nY, nX).</summary>
    Stack,
    /// <summary>(nZ, nPos): zone plate z against position along a line.</summary>
    Focus,
    /// <summary>(nY, nX) like an image, for generic scans (nY = 1 when only one positioner moves).</summary>
    Generic,
}

public static class StxmScanTypes
{
    /// <summary>The type for the metadata's <c>scan_type</c> number; unknown numbers are refused.</summary>
    public static bool TryFromCode(long code, out StxmScanType type)
    {
        type = (StxmScanType)code;
        return code is >= 0 and <= 12;
    }

    /// <summary>
    /// The NXstxm <c>stxm_scan_type</c> value (the NXDL enumerates nine). Coarse, goniometer and pattern-generator
    /// scans are images of the sample; tomography is one image stack per angle (an image when it has one energy).
    /// </summary>
    public static string NxstxmName(StxmScanType type, StxmLayout layout) => type switch
    {
        StxmScanType.DetectorImage => "detector image",
        StxmScanType.OsaImage => "osa image",
        StxmScanType.OsaFocus => "osa focus",
        StxmScanType.SampleFocus => "sample focus",
        StxmScanType.SamplePointSpectra => "sample point spectrum",
        StxmScanType.SampleLineSpectra => "sample line spectrum",
        StxmScanType.GenericScan => "generic scan",
        _ => layout == StxmLayout.Stack ? "sample image stack" : "sample image",
    };

    /// <summary>The seed's own name (e.g. <c>COARSE_GONI_SCAN</c>), kept in the entry so nothing is lost by the mapping.</summary>
    public static string SeedName(StxmScanType type) => type switch
    {
        StxmScanType.DetectorImage => "DETECTOR_IMAGE",
        StxmScanType.OsaImage => "OSA_IMAGE",
        StxmScanType.OsaFocus => "OSA_FOCUS",
        StxmScanType.SampleFocus => "SAMPLE_FOCUS",
        StxmScanType.SamplePointSpectra => "SAMPLE_POINT_SPECTRA",
        StxmScanType.SampleLineSpectra => "SAMPLE_LINE_SPECTRA",
        StxmScanType.SampleImage => "SAMPLE_IMAGE",
        StxmScanType.SampleImageStack => "SAMPLE_IMAGE_STACK",
        StxmScanType.GenericScan => "GENERIC_SCAN",
        StxmScanType.CoarseImage => "COARSE_IMAGE_SCAN",
        StxmScanType.CoarseGoniometer => "COARSE_GONI_SCAN",
        StxmScanType.Tomography => "TOMOGRAPHY_SCAN",
        StxmScanType.PatternGenerator => "PATTERN_GEN_SCAN",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
