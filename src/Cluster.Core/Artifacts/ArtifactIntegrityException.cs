namespace Cluster.Core.Artifacts;

/// <summary>The bytes read for an artifact do not match its record (size or SHA-256): the stored copy is corrupt or was replaced.</summary>
public sealed class ArtifactIntegrityException(string key, string expected, string actual)
    : Exception($"artifact {key} is corrupt: expected {expected}, read {actual}")
{
    public string Key { get; } = key;
    public string Expected { get; } = expected;
    public string Actual { get; } = actual;
}
