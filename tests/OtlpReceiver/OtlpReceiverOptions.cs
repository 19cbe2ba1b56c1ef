using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Tracing.Sdk.Testing;

/// <summary>Options of an <see cref="OtlpReceiver"/>; all optional.</summary>
public sealed record OtlpReceiverOptions
{
    /// <summary>Gets the port of the OTLP/gRPC endpoint (HTTP/2 only). Default: 0, a free port chosen at start.</summary>
    public int GrpcPort { get; init; }

    /// <summary>Gets the port of the OTLP/HTTP endpoint (HTTP/1.1 and HTTP/2). Default: 0, a free port chosen at start.</summary>
    public int HttpPort { get; init; }

    /// <summary>
    /// Gets the server certificate, with its private key. When set, both endpoints are https (gRPC negotiates h2 by ALPN).
    /// Default: none, plain http. See <see cref="TestCertificates"/>.
    /// </summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>Gets a value indicating whether clients must present a certificate (mutual TLS). Default: <see langword="false"/>.</summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>
    /// Gets the check of a client certificate; return <see langword="true"/> to accept it. Default: Kestrel's own check,
    /// which refuses certificates that do not chain to a machine-trusted root.
    /// </summary>
    public Func<X509Certificate2, X509Chain?, SslPolicyErrors, bool>? ClientCertificateValidation { get; init; }

    /// <summary>Gets how the receiver answers at start. Default: <see cref="OtlpReceiverBehavior.Accept"/>.</summary>
    public OtlpReceiverBehavior Behavior { get; init; } = OtlpReceiverBehavior.Accept;

    /// <summary>
    /// Gets a value indicating whether spans and requests are kept for <see cref="OtlpReceiver.Spans"/> and
    /// <see cref="OtlpReceiver.Requests"/>. Turn off for load runs where only the counters matter. Default: <see langword="true"/>.
    /// </summary>
    public bool RetainData { get; init; } = true;

    /// <summary>Gets a callback run for each export request after it is recorded; used by the standalone mode.</summary>
    internal Action<ReceivedRequest>? OnRequest { get; init; }

    /// <summary>Gets a value indicating whether <c>GET /stats</c> and <c>POST /behavior</c> are served; used by the standalone mode.</summary>
    internal bool ServeAdminEndpoints { get; init; }
}
