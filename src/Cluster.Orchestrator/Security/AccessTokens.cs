using System.Security.Cryptography;
using System.Text;

namespace Cluster.Orchestrator.Security;

/// <summary>
/// The API tokens this server accepts, kept only as SHA-256 hashes. A presented token is hashed and compared with
/// every known hash in constant time, so neither the comparison nor the token's length leaks through timing.
/// </summary>
public sealed class AccessTokens
{
    private readonly byte[][] _hashes;

    public AccessTokens(IEnumerable<string> tokens)
    {
        _hashes = tokens.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).Select(Hash).ToArray();
    }

    public int Count => _hashes.Length;

    /// <summary>Tokens from <paramref name="tokenFile"/> (one per line, '#' comments) and <paramref name="tokens"/>.</summary>
    public static AccessTokens Load(string? tokenFile, IEnumerable<string> tokens)
    {
        var fromFile = tokenFile is null
            ? []
            : File.ReadAllLines(tokenFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));
        return new AccessTokens(fromFile.Concat(tokens));
    }

    public bool Accepts(string presented)
    {
        var hash = Hash(presented);
        var accepted = false;
        // No early exit: every hash is compared whatever matched.
        foreach (var known in _hashes)
            accepted |= CryptographicOperations.FixedTimeEquals(hash, known);
        return accepted;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
