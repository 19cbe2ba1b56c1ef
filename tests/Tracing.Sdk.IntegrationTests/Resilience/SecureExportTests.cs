using Tracing.Sdk.IntegrationTests.Foundation;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Resilience;

public sealed class SecureExportTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly TestCertificates _certificates = TestCertificates.Create();
    private readonly string _folder = Directory.CreateTempSubdirectory("tracing-tls-").FullName;

    public void Dispose()
    {
        _certificates.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private string Write(string name, string pem)
    {
        var path = System.IO.Path.Combine(_folder, name);
        File.WriteAllText(path, pem);
        return path;
    }

    private static string? Path(ReceivedSpan span) => span.Attributes.GetValueOrDefault("url.path") as string;

    [Theory]
    [InlineData("grpc", "OTEL_EXPORTER_OTLP_CERTIFICATE")]
    [InlineData("grpc", "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE")]
    [InlineData("http/protobuf", "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE")]
    public async Task HttpsEndpoint_CustomAuthority_SpansArrive(string protocol, string certificateKey)
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions { ServerCertificate = _certificates.Server });
        var configuration = TracedApp.ExportTo(receiver, protocol);
        configuration[certificateKey] = Write("ca.pem", _certificates.AuthorityPem);
        await using var app = await TracedApp.StartAsync(configuration);

        await app.GetAsync($"/{app.Marker}/tasks/1");

        await receiver.WaitForSpansAsync(s => s.Any(x => Path(x) == $"/{app.Marker}/tasks/1"), Timeout);
        Assert.Equal("https", (protocol == "grpc" ? receiver.GrpcEndpoint : receiver.HttpEndpoint).Scheme);
    }

    [Fact]
    public async Task HttpsEndpoint_UnknownAuthority_NothingArrivesAndTheAppIsFine()
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions { ServerCertificate = _certificates.Server });
        await using var app = await TracedApp.StartAsync(TracedApp.ExportTo(receiver));

        var response = await app.GetAsync($"/{app.Marker}/tasks/1");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.True(response.IsSuccessStatusCode);
        Assert.Empty(receiver.Spans);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", "OTEL_EXPORTER_OTLP_CLIENT_KEY")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE", "OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY")]
    public async Task MutualTls_ClientCertificateFromFiles_SpansArrive(string certificateKey, string keyKey)
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions
        {
            ServerCertificate = _certificates.Server,
            RequireClientCertificate = true,
            ClientCertificateValidation = (certificate, _, _) => _certificates.IsIssuedByAuthority(certificate),
        });
        var configuration = TracedApp.ExportTo(receiver);
        configuration["OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE"] = Write("ca.pem", _certificates.AuthorityPem);
        configuration[certificateKey] = Write("client.pem", _certificates.ClientCertificatePem);
        configuration[keyKey] = Write("client.key", _certificates.ClientKeyPem);
        await using var app = await TracedApp.StartAsync(configuration);

        await app.GetAsync($"/{app.Marker}/tasks/1");

        await receiver.WaitForSpansAsync(s => s.Any(x => Path(x) == $"/{app.Marker}/tasks/1"), Timeout);
    }

    [Fact]
    public async Task MutualTls_NoClientCertificate_IsRefusedByTheCollector()
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions
        {
            ServerCertificate = _certificates.Server,
            RequireClientCertificate = true,
            ClientCertificateValidation = (certificate, _, _) => _certificates.IsIssuedByAuthority(certificate),
        });
        var configuration = TracedApp.ExportTo(receiver);
        configuration["OTEL_EXPORTER_OTLP_CERTIFICATE"] = Write("ca.pem", _certificates.AuthorityPem);
        await using var app = await TracedApp.StartAsync(configuration);

        Assert.True((await app.GetAsync($"/{app.Marker}/tasks/1")).IsSuccessStatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Empty(receiver.Spans);
    }

    [Fact]
    public async Task UnreadableCertificateFile_IsReportedAndTheAppStarts()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var configuration = TracedApp.ExportTo(receiver);
        configuration["OTEL_EXPORTER_OTLP_CERTIFICATE"] = System.IO.Path.Combine(_folder, "missing.pem");
        var logs = new LogCapture();
        await using var app = await TracedApp.StartAsync(configuration, logs);

        Assert.True((await app.GetAsync($"/{app.Marker}/tasks/1")).IsSuccessStatusCode);
        Assert.Contains(logs.Messages("Tracing.Sdk"), m => m.Contains("OTEL_EXPORTER_OTLP_CERTIFICATE", StringComparison.Ordinal) && m.Contains("missing.pem", StringComparison.Ordinal));
    }
}
