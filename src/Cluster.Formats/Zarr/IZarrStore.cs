namespace Cluster.Formats.Zarr;

/// <summary>
/// Where a Zarr hierarchy's keys live (<c>zarr.json</c> documents and chunks). Read-only: this reader never writes.
/// Keys are '/'-separated paths relative to the store root, e.g. <c>runs/&lt;uid&gt;/detector_image/c/1/0/0</c>.
/// </summary>
public interface IZarrStore
{
    /// <summary>A description for messages (the directory, for a local store).</summary>
    string Location { get; }

    /// <summary>The bytes stored under <paramref name="key"/>, or null when there is no such key (a missing chunk).</summary>
    /// <exception cref="IOException">The key exists but could not be read.</exception>
    byte[]? TryRead(string key);
}
