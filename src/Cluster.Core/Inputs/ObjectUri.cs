using System.Text.RegularExpressions;

namespace Cluster.Core.Inputs;

/// <summary>
/// An object or a directory-like key prefix in S3-compatible storage: <c>s3://bucket/key</c>. Parsed by hand, not
/// with <see cref="Uri"/>, which would unescape and normalise characters that are legal, literal parts of a key.
/// A prefix is kept without its trailing '/'; "" is the whole bucket.
/// </summary>
public sealed partial record ObjectUri(string Bucket, string Key)
{
    public const string Scheme = "s3://";

    public static bool IsObjectUri(string text) => text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <exception cref="ArgumentException">Not <c>s3://bucket[/key]</c> or an invalid bucket name; the message starts with <paramref name="field"/>.</exception>
    public static ObjectUri Parse(string text, string field)
    {
        if (!IsObjectUri(text))
            throw new ArgumentException($"{field}: expected s3://bucket/prefix (got '{text}')");
        var rest = text[Scheme.Length..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        var key = slash < 0 ? "" : rest[(slash + 1)..].TrimEnd('/');
        if (!BucketName().IsMatch(bucket))
            throw new ArgumentException($"{field}: '{bucket}' in {text} is not a bucket name (3-63 lowercase letters, digits, '.' and '-')");
        if (key.Split('/').Contains(".."))
            throw new ArgumentException($"{field}: {text} has a '..' segment");
        return new ObjectUri(bucket, key);
    }

    /// <summary>The last segment of the key: the name the object gets when downloaded.</summary>
    public string FileName => Key[(Key.LastIndexOf('/') + 1)..];

    /// <summary>The object <paramref name="relativeKey"/> below this prefix.</summary>
    public ObjectUri Child(string relativeKey) => new(Bucket, Key.Length == 0 ? relativeKey : Key + "/" + relativeKey);

    /// <summary>The key prefix that lists everything below this directory-like prefix.</summary>
    public string ListPrefix => Key.Length == 0 ? "" : Key + "/";

    public override string ToString() => $"{Scheme}{Bucket}/{Key}";

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
