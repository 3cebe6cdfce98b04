namespace Cluster.Core.Inputs;

/// <summary>
/// The buckets object-store inputs may come from: the object-store counterpart of <see cref="InputRoots"/>. Empty
/// means any bucket the cluster's credentials can read (the credentials are then the only limit).
/// </summary>
public sealed class InputBuckets(IEnumerable<string> allowed)
{
    private readonly HashSet<string> _allowed = allowed.ToHashSet(StringComparer.Ordinal);

    public static InputBuckets Any { get; } = new([]);

    public IReadOnlyCollection<string> Allowed => _allowed;

    /// <exception cref="ArgumentException">The bucket is not allowed; the message starts with <paramref name="field"/>.</exception>
    public void Check(ObjectUri uri, string field)
    {
        if (_allowed.Count > 0 && !_allowed.Contains(uri.Bucket))
            throw new ArgumentException($"{field}: bucket {uri.Bucket} is not an input bucket ({string.Join(", ", _allowed.Order(StringComparer.Ordinal))})");
    }
}
