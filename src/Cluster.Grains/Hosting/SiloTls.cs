using Orleans.Connections.Security;
using Orleans.Hosting;

namespace Cluster.Grains.Hosting;

/// <summary>
/// Mutual TLS on every silo connection, inbound and outbound (<c>UseTls</c> of Microsoft.Orleans.Connections.Security):
/// each side presents the cluster certificate and refuses a peer without one that <see cref="SiloPeerTrust"/> accepts.
/// A silo without TLS, or with a certificate from elsewhere, gets no connection and so cannot join.
/// </summary>
public static class SiloTls
{
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, SiloTlsOptions options)
    {
        var certificate = SiloCertificates.LoadOwn(options, DateTimeOffset.UtcNow);
        var trust = new SiloPeerTrust(SiloCertificates.LoadTrusted(options, certificate));
        return silo.UseTls(tls =>
        {
            tls.LocalCertificate = certificate;
            // Both ends must present a certificate: the accepting silo asks the dialling one for its own.
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.RemoteCertificateValidation = trust.Validate;
        });
    }
}
