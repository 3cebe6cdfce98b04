namespace Cluster.Processors.Nxstxm;

/// <summary>Parameters of the <c>nxstxm</c> kind.</summary>
public sealed record NxstxmParameters
{
    /// <summary>NXsource/name: the facility or beamline (the bluesky documents do not say).</summary>
    public string SourceName { get; init; } = "unknown";

    /// <summary>gzip level 0-9 of the large arrays (with shuffle, one frame per chunk); 0 stores them uncompressed.</summary>
    public int Compression { get; init; } = 1;

    /// <summary>Also write the quick-look PNG.</summary>
    public bool QuickLook { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the parameter (<c>compression: ...</c>).</summary>
    public void Validate()
    {
        if (Compression is < 0 or > 9)
            throw new ArgumentException($"compression: must be a gzip level from 0 (none) to 9 (got {Compression})");
        if (string.IsNullOrWhiteSpace(SourceName))
            throw new ArgumentException("source_name: must not be empty");
    }
}
