namespace Cluster.Grains.Hosting;

/// <summary>
/// Mutual TLS on the silo port (<c>Cluster:Silo:Tls</c>; docs/security.md). Off while <see cref="CertificatePath"/> is
/// empty: then silo-to-silo traffic is plain TCP and the network around the silos is the trust boundary.
/// </summary>
public sealed class SiloTlsOptions
{
    /// <summary>
    /// The silo's certificate: a PKCS#12 file (<c>.pfx</c>, <c>.p12</c>) with its key, or a PEM file (Kubernetes'
    /// <c>tls.crt</c>) whose key is in the same file or in <see cref="KeyPath"/>. It is presented in both directions
    /// (the silo is the TLS server of the connections it accepts and the TLS client of those it opens).
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key of a PEM certificate kept in its own file (Kubernetes' <c>tls.key</c>).</summary>
    public string? KeyPath { get; set; }

    /// <summary>
    /// A file holding the password of the PKCS#12 file or of an encrypted PEM key (a file, not a setting, so the
    /// password is never in an environment or a process listing).
    /// </summary>
    public string? CertificatePasswordFile { get; set; }

    /// <summary>
    /// PEM file with the certificates a peer's certificate must chain to (a cluster CA; or several self-signed
    /// certificates while one replaces another). Empty: the silo's own certificate, so every silo must present that
    /// very certificate.
    /// </summary>
    public string? CaPath { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
