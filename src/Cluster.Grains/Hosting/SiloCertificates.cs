using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Cluster.Grains.Hosting;

/// <summary>
/// Reads the silo's certificate and the certificates it trusts from the files <see cref="SiloTlsOptions"/> names, once
/// at start. Every problem is an <see cref="ArgumentException"/> naming the setting (the process exits 2); the password
/// never appears in a message.
/// </summary>
public static class SiloCertificates
{
    private const string Setting = "Cluster:Silo:Tls";

    /// <summary>The silo's own certificate with its private key, valid now.</summary>
    public static X509Certificate2 LoadOwn(SiloTlsOptions options, DateTimeOffset now)
    {
        var path = options.CertificatePath ?? throw new ArgumentException($"silo TLS: {Setting}:CertificatePath is not set");
        Require(path, "CertificatePath");
        if (options.KeyPath is { Length: > 0 } key) Require(key, "KeyPath");
        var password = ReadPassword(options.CertificatePasswordFile);
        X509Certificate2 certificate;
        try
        {
            var extension = Path.GetExtension(path).ToLowerInvariant();
            certificate = extension is ".pfx" or ".p12"
                ? X509CertificateLoader.LoadPkcs12FromFile(path, password)
                : password is null
                    ? X509Certificate2.CreateFromPemFile(path, NullIfEmpty(options.KeyPath))
                    : X509Certificate2.CreateFromEncryptedPemFile(path, password, NullIfEmpty(options.KeyPath));
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"silo TLS: cannot read the certificate {path} ({Setting}:CertificatePath, KeyPath, CertificatePasswordFile): {e.Message}", e);
        }
        if (!certificate.HasPrivateKey)
            throw new ArgumentException($"silo TLS: {path} holds no private key; give the key in the same file or in {Setting}:KeyPath");
        if (now < certificate.NotBefore || now > certificate.NotAfter)
            throw new ArgumentException($"silo TLS: the certificate {path} ({certificate.Subject}) is valid from {certificate.NotBefore:u} to {certificate.NotAfter:u}, not now");
        return certificate;
    }

    /// <summary>The trust anchors: the certificates of <see cref="SiloTlsOptions.CaPath"/>, else the silo's own certificate alone.</summary>
    public static X509Certificate2Collection LoadTrusted(SiloTlsOptions options, X509Certificate2 own)
    {
        if (string.IsNullOrWhiteSpace(options.CaPath))
            return [X509CertificateLoader.LoadCertificate(own.RawData)];
        Require(options.CaPath, "CaPath");
        var trusted = new X509Certificate2Collection();
        try
        {
            trusted.ImportFromPemFile(options.CaPath);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"silo TLS: cannot read the CA certificates {options.CaPath} ({Setting}:CaPath): {e.Message}", e);
        }
        if (trusted.Count == 0)
            throw new ArgumentException($"silo TLS: {options.CaPath} ({Setting}:CaPath) holds no PEM certificate");
        return trusted;
    }

    private static string? ReadPassword(string? file)
    {
        if (string.IsNullOrWhiteSpace(file)) return null;
        Require(file, "CertificatePasswordFile");
        // A trailing newline is how editors and `kubectl create secret --from-file` leave it, never part of the password.
        return File.ReadAllText(file).TrimEnd('\r', '\n');
    }

    private static void Require(string path, string setting)
    {
        if (!File.Exists(path)) throw new ArgumentException($"silo TLS: {path} ({Setting}:{setting}) does not exist");
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
