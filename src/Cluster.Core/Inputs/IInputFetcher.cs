namespace Cluster.Core.Inputs;

/// <summary>Downloads an object input to a local file for a processor; implemented next to the S3 client (Cluster.Storage).</summary>
public interface IInputFetcher
{
    /// <summary>Writes the object's bytes to <paramref name="destinationPath"/> (created or replaced).</summary>
    /// <exception cref="FileNotFoundException">No such object.</exception>
    /// <exception cref="IOException">The download failed or was incomplete.</exception>
    Task FetchAsync(ObjectUri source, string destinationPath, CancellationToken ct);
}
