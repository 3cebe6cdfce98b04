using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Cluster.Grains.Hosting;
using Cluster.TestSupport;

namespace Cluster.Grains.Tests;

/// <summary>
/// The files of <c>Cluster:Silo:Tls</c> and the rule a peer's certificate must pass. Silos talking TLS to each other
/// (and refusing a silo without it) are tested with real processes in Cluster.Integration.Tests (SiloTlsTests).
/// </summary>
public sealed class SiloTlsTests
{
    [Fact]
    public void Without_a_ca_only_the_clusters_own_certificate_is_trusted()
    {
        using var cluster = TestCertificates.SelfSigned("cluster-silos");
        using var other = TestCertificates.SelfSigned("cluster-silos");
        var trust = new SiloPeerTrust(SiloCertificates.LoadTrusted(new SiloTlsOptions(), cluster));

        Assert.True(trust.Validate(Public(cluster), null, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
        // Same subject, other key: not the cluster's certificate.
        Assert.False(trust.Validate(Public(other), null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void With_a_ca_every_leaf_it_issued_is_trusted_and_nothing_else()
    {
        using var temp = new TempDirectory();
        using var ca = TestCertificates.Authority("cluster-ca");
        using var foreignCa = TestCertificates.Authority("cluster-ca");
        using var leaf = TestCertificates.IssuedBy(ca, "silo-a");
        using var foreign = TestCertificates.IssuedBy(foreignCa, "silo-a");
        using var selfSigned = TestCertificates.SelfSigned("silo-a");
        TestCertificates.WriteCertificatePem(temp.File("ca.crt"), ca);
        var trust = new SiloPeerTrust(SiloCertificates.LoadTrusted(new SiloTlsOptions { CaPath = temp.File("ca.crt") }, leaf));

        Assert.True(trust.Validate(Public(leaf), null, SslPolicyErrors.None));
        Assert.False(trust.Validate(Public(foreign), null, SslPolicyErrors.None));
        Assert.False(trust.Validate(Public(selfSigned), null, SslPolicyErrors.None));
        Assert.False(trust.Validate(Public(leaf), null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    [Fact]
    public void An_expired_peer_certificate_is_refused_even_from_the_trusted_set()
    {
        using var expired = TestCertificates.SelfSigned("cluster-silos", DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));
        var trust = new SiloPeerTrust([Public(expired)]);

        Assert.False(trust.Validate(Public(expired), null, SslPolicyErrors.None));
    }

    [Fact]
    public void A_ca_bundle_of_two_self_signed_certificates_trusts_both_while_one_replaces_the_other()
    {
        using var temp = new TempDirectory();
        using var old = TestCertificates.SelfSigned("cluster-silos");
        using var next = TestCertificates.SelfSigned("cluster-silos");
        TestCertificates.WriteCertificatePem(temp.File("trusted.crt"), old, next);
        var trust = new SiloPeerTrust(SiloCertificates.LoadTrusted(new SiloTlsOptions { CaPath = temp.File("trusted.crt") }, next));

        Assert.True(trust.Validate(Public(old), null, SslPolicyErrors.None));
        Assert.True(trust.Validate(Public(next), null, SslPolicyErrors.None));
    }

    [Fact]
    public void The_certificate_loads_from_a_pem_pair_and_from_a_pfx_with_a_password_file()
    {
        using var temp = new TempDirectory();
        using var certificate = TestCertificates.SelfSigned("cluster-silos");
        TestCertificates.WritePem(certificate, temp.File("tls.crt"), temp.File("tls.key"));
        TestCertificates.WritePfx(certificate, temp.File("silo.pfx"), "pfx-pass-4f1e");
        File.WriteAllText(temp.File("password"), "pfx-pass-4f1e\n");

        using var fromPem = SiloCertificates.LoadOwn(new SiloTlsOptions { CertificatePath = temp.File("tls.crt"), KeyPath = temp.File("tls.key") }, DateTimeOffset.UtcNow);
        using var fromPfx = SiloCertificates.LoadOwn(new SiloTlsOptions { CertificatePath = temp.File("silo.pfx"), CertificatePasswordFile = temp.File("password") }, DateTimeOffset.UtcNow);

        Assert.All([fromPem, fromPfx], loaded =>
        {
            Assert.True(loaded.HasPrivateKey);
            Assert.Equal(certificate.Thumbprint, loaded.Thumbprint);
        });
    }

    [Fact]
    public void Bad_files_stop_the_start_with_the_setting_named_and_the_password_never_shown()
    {
        using var temp = new TempDirectory();
        using var certificate = TestCertificates.SelfSigned("cluster-silos");
        TestCertificates.WritePem(certificate, temp.File("tls.crt"), temp.File("tls.key"));
        TestCertificates.WritePfx(certificate, temp.File("silo.pfx"), "right-pass-91c2");
        File.WriteAllText(temp.File("wrong"), "wrong-pass-77ab");
        using var expired = TestCertificates.SelfSigned("old", DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));
        TestCertificates.WritePem(expired, temp.File("old.crt"), temp.File("old.key"));
        File.WriteAllText(temp.File("empty.crt"), "no certificate here\n");

        string Refusal(SiloTlsOptions options) => Assert.Throws<ArgumentException>(() => SiloCertificates.LoadOwn(options, DateTimeOffset.UtcNow)).Message;

        var wrongPassword = Refusal(new SiloTlsOptions { CertificatePath = temp.File("silo.pfx"), CertificatePasswordFile = temp.File("wrong") });
        Assert.Contains("Cluster:Silo:Tls:CertificatePath", wrongPassword);
        Assert.DoesNotContain("wrong-pass-77ab", wrongPassword);
        Assert.DoesNotContain("right-pass-91c2", wrongPassword);
        // A PEM certificate without its key (not in the file, no KeyPath; or a KeyPath without a key).
        Assert.Contains("Cluster:Silo:Tls:CertificatePath, KeyPath", Refusal(new SiloTlsOptions { CertificatePath = temp.File("tls.crt") }));
        Assert.Contains("Cluster:Silo:Tls:CertificatePath, KeyPath", Refusal(new SiloTlsOptions { CertificatePath = temp.File("tls.crt"), KeyPath = temp.File("empty.crt") }));
        Assert.Contains("Cluster:Silo:Tls:KeyPath", Refusal(new SiloTlsOptions { CertificatePath = temp.File("tls.crt"), KeyPath = temp.File("missing.key") }));
        Assert.Contains("not now", Refusal(new SiloTlsOptions { CertificatePath = temp.File("old.crt"), KeyPath = temp.File("old.key") }));
        var noCa = Assert.Throws<ArgumentException>(() => SiloCertificates.LoadTrusted(new SiloTlsOptions { CaPath = temp.File("empty.crt") }, certificate)).Message;
        Assert.Contains("Cluster:Silo:Tls:CaPath", noCa);
    }

    /// <summary>The certificate as a peer presents it: without its private key.</summary>
    private static X509Certificate2 Public(X509Certificate2 certificate) => X509CertificateLoader.LoadCertificate(certificate.RawData);
}
