using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Cluster.Grains.Hosting;

/// <summary>
/// Whether a peer silo's certificate is trusted: it must be one of the configured anchors (the shared cluster
/// certificate) or chain to one (the cluster CA), and be valid now. The machine's CA store plays no part (a certificate from a
/// public CA for any name would otherwise do), and neither does the host name: silos dial each other by IP address
/// (pod IPs), so the anchor, not a name, is the identity.
/// </summary>
public sealed class SiloPeerTrust(X509Certificate2Collection anchors)
{
    public bool Validate(X509Certificate2 peer, X509Chain? presented, SslPolicyErrors errors)
    {
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)) return false;
        // A trusted certificate presented as it is (the shared cluster certificate): no chain to build. Chain building
        // would not do here: it looks issuers up by name, and a replacement self-signed certificate usually keeps the
        // old one's name, so with both trusted during a rotation the chain of one was built through the other and failed.
        if (anchors.Any(anchor => anchor.RawDataMemory.Span.SequenceEqual(peer.RawDataMemory.Span)))
            return DateTime.Now >= peer.NotBefore && DateTime.Now <= peer.NotAfter;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        // Silos may have no way out of their network: no AIA downloads, no revocation lookups.
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // Intermediates the peer sent along.
        if (presented is not null)
            foreach (var element in presented.ChainElements)
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        return chain.Build(peer);
    }
}
