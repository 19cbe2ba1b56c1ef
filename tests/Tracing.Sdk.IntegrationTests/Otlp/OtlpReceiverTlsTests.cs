using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Otlp;

public sealed class OtlpReceiverTlsTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Export_ServerCertificate_HttpsEndpointAcceptsExporterTrustingTheAuthority(OtlpExportProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions { ServerCertificate = _certificates.Server });
        using var exporter = CreateExporter(receiver, protocol, presentClientCertificate: false);

        var result = OtlpTestTracing.ExportOne(exporter, "over-tls");

        Assert.Equal(Uri.UriSchemeHttps, receiver.GrpcEndpoint.Scheme);
        Assert.Equal(Uri.UriSchemeHttps, receiver.HttpEndpoint.Scheme);
        Assert.Equal(ExportResult.Success, result);
        Assert.Equal("over-tls", Assert.Single(receiver.Spans).Name);
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc, true, ExportResult.Success)]
    [InlineData(OtlpExportProtocol.Grpc, false, ExportResult.Failure)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, true, ExportResult.Success)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, false, ExportResult.Failure)]
    public async Task Export_ClientCertificateRequired_OnlyClientWithCertificateGetsThrough(
        OtlpExportProtocol protocol,
        bool presentClientCertificate,
        ExportResult expected)
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions
        {
            ServerCertificate = _certificates.Server,
            RequireClientCertificate = true,
            ClientCertificateValidation = (certificate, _, _) => _certificates.IsIssuedByAuthority(certificate),
        });
        using var exporter = CreateExporter(receiver, protocol, presentClientCertificate);

        var result = OtlpTestTracing.ExportOne(exporter, "mutual-tls");

        Assert.Equal(expected, result);
        Assert.Equal(expected == ExportResult.Success ? 1 : 0, receiver.Spans.Count);
    }

    [Fact]
    public async Task Export_ClientDoesNotTrustTheAuthority_Fails()
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions { ServerCertificate = _certificates.Server });
        using var exporter = OtlpTestTracing.CreateExporter(receiver.HttpTracesEndpoint, OtlpExportProtocol.HttpProtobuf);

        var result = OtlpTestTracing.ExportOne(exporter, "untrusted");

        Assert.Equal(ExportResult.Failure, result);
        Assert.Equal(0, receiver.ExportAttempts);
    }

    [Fact]
    public void Create_Pem_RoundTripsToCertificatesIssuedByTheAuthority()
    {
        using var authority = X509CertificateLoader.LoadCertificate(System.Text.Encoding.ASCII.GetBytes(_certificates.AuthorityPem));
        using var client = X509Certificate2.CreateFromPem(
            _certificates.ClientCertificatePem,
            _certificates.ClientKeyPem);

        Assert.Equal(_certificates.Authority.Thumbprint, authority.Thumbprint);
        Assert.True(client.HasPrivateKey);
        Assert.True(_certificates.IsIssuedByAuthority(client));
        Assert.True(_certificates.IsIssuedByAuthority(_certificates.Server));
    }

    [Fact]
    public async Task Export_CertificateFilesFromConfiguration_MutualTlsSucceeds()
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions
        {
            ServerCertificate = _certificates.Server,
            RequireClientCertificate = true,
            ClientCertificateValidation = (certificate, _, _) => _certificates.IsIssuedByAuthority(certificate),
        });
        var directory = Directory.CreateTempSubdirectory("otlp-receiver-tls-");
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_CERTIFICATE"] = WriteFile(directory, "ca.pem", _certificates.AuthorityPem),
                ["OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE"] = WriteFile(directory, "client.pem", _certificates.ClientCertificatePem),
                ["OTEL_EXPORTER_OTLP_CLIENT_KEY"] = WriteFile(directory, "client.key", _certificates.ClientKeyPem),
            }).Build();
            var sourceName = OtlpTestTracing.NewSourceName();
            using var source = new ActivitySource(sourceName);
            using (var provider = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
                .ConfigureServices(services => services.AddSingleton<IConfiguration>(configuration))
                .AddSource(sourceName)
                .AddOtlpExporter(options =>
                {
                    options.Endpoint = receiver.GrpcEndpoint;
                    options.Protocol = OtlpExportProtocol.Grpc;
                    options.ExportProcessorType = ExportProcessorType.Simple;
                })
                .Build())
            {
                source.StartActivity("from-pem-files")?.Dispose();
            }

            Assert.Equal("from-pem-files", Assert.Single(await receiver.WaitForSpansAsync(1, OtlpTestTracing.Timeout)).Name);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public void Dispose() => _certificates.Dispose();

    private static string WriteFile(DirectoryInfo directory, string name, string content)
    {
        var path = Path.Combine(directory.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    private OtlpTraceExporter CreateExporter(OtlpReceiver receiver, OtlpExportProtocol protocol, bool presentClientCertificate) =>
        new(new OtlpExporterOptions
        {
            Endpoint = protocol == OtlpExportProtocol.Grpc ? receiver.GrpcEndpoint : receiver.HttpTracesEndpoint,
            Protocol = protocol,
            TimeoutMilliseconds = 5000,
            HttpClientFactory = () => new HttpClient(_certificates.CreateHttpHandler(presentClientCertificate)),
        });
}
