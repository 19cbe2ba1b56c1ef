using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tracing.Sdk.Testing;

/// <summary>
/// A throw-away certificate authority with a server certificate (SAN 127.0.0.1 and localhost) and a client certificate,
/// made in memory for TLS and mutual-TLS tests; PEM exports let a test point <c>OTEL_EXPORTER_OTLP_CERTIFICATE</c>,
/// <c>OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE</c> and <c>OTEL_EXPORTER_OTLP_CLIENT_KEY</c> at files.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    private TestCertificates(X509Certificate2 authority, X509Certificate2 server, X509Certificate2 client)
    {
        Authority = authority;
        Server = server;
        Client = client;
    }

    /// <summary>Gets the self-signed authority that issued <see cref="Server"/> and <see cref="Client"/>, with its private key.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>Gets the server certificate with its private key; give it to <see cref="OtlpReceiverOptions.ServerCertificate"/>.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>Gets the client certificate with its private key, for mutual TLS.</summary>
    public X509Certificate2 Client { get; }

    /// <summary>Gets the authority certificate in PEM, the content of an <c>OTEL_EXPORTER_OTLP_CERTIFICATE</c> file.</summary>
    public string AuthorityPem => Authority.ExportCertificatePem();

    /// <summary>Gets the client certificate in PEM, the content of an <c>OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE</c> file.</summary>
    public string ClientCertificatePem => Client.ExportCertificatePem();

    /// <summary>Gets the client private key in PKCS#8 PEM, the content of an <c>OTEL_EXPORTER_OTLP_CLIENT_KEY</c> file.</summary>
    public string ClientKeyPem => Client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();

    /// <summary>Creates a new authority, server and client certificate, valid from five minutes ago for one day.</summary>
    /// <returns>The certificates.</returns>
    public static TestCertificates Create()
    {
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = notBefore.AddDays(1);
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=Tracing.Sdk Test Authority", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using var authority = authorityRequest.CreateSelfSigned(notBefore, notAfter);

        var serverNames = new SubjectAlternativeNameBuilder();
        serverNames.AddIpAddress(System.Net.IPAddress.Loopback);
        serverNames.AddDnsName("localhost");
        var server = Issue(authority, "CN=localhost", ServerAuthenticationOid, serverNames, notBefore, notAfter);
        var client = Issue(authority, "CN=Tracing.Sdk Test Client", ClientAuthenticationOid, alternativeNames: null, notBefore, notAfter);
        return new TestCertificates(Reload(authority), server, client);
    }

    /// <summary>Checks that <paramref name="certificate"/> chains to <see cref="Authority"/>; use as a certificate validation callback.</summary>
    /// <param name="certificate">The certificate to check.</param>
    /// <returns><see langword="true"/> when the certificate was issued by this authority and is in its validity period.</returns>
    public bool IsIssuedByAuthority(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>
    /// Creates an HTTP handler that trusts <see cref="Authority"/> (and nothing else) and, when asked, presents <see cref="Client"/>;
    /// for the exporter's <c>HttpClientFactory</c>: <c>() =&gt; new HttpClient(certificates.CreateHttpHandler())</c>.
    /// </summary>
    /// <param name="presentClientCertificate">Whether to present the client certificate (mutual TLS).</param>
    /// <returns>The handler; the caller owns it.</returns>
    public SocketsHttpHandler CreateHttpHandler(bool presentClientCertificate = false)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            certificate is X509Certificate2 server
            && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
            && IsIssuedByAuthority(server);
        if (presentClientCertificate)
        {
            handler.SslOptions.ClientCertificates = [Client];
        }

        return handler;
    }

    /// <summary>Disposes the three certificates.</summary>
    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        Client.Dispose();
    }

    private static X509Certificate2 Issue(
        X509Certificate2 authority,
        string subject,
        string usageOid,
        SubjectAlternativeNameBuilder? alternativeNames,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        if (alternativeNames is not null)
        {
            request.CertificateExtensions.Add(alternativeNames.Build());
        }

        using var issued = request.Create(authority, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    // A round trip through PKCS#12 gives a certificate whose key SslStream can use on every platform, not only an ephemeral one.
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
}
