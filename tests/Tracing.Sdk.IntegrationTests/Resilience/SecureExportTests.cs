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

    /// <summary>Waits for the export-health warning that the exporter cannot reach the collector; null when none came.</summary>
    private static async Task<string?> ExportFailureAsync(LogCapture logs)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < Timeout)
        {
            if (logs.Messages("Tracing.Sdk").FirstOrDefault(m => m.Contains("cannot export spans", StringComparison.Ordinal)) is { } failure)
            {
                return failure;
            }

            await Task.Delay(50);
        }

        return null;
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
        var logs = new LogCapture();
        await using var app = await TracedApp.StartAsync(TracedApp.ExportTo(receiver), logs);

        var response = await app.GetAsync($"/{app.Marker}/tasks/1");
        var failure = await ExportFailureAsync(logs);

        Assert.True(response.IsSuccessStatusCode);
        Assert.True(failure is not null, "no export failure was reported:\n" + string.Join('\n', logs.Messages("Tracing.Sdk")));
        Assert.Contains(receiver.GrpcEndpoint.Authority, failure, StringComparison.Ordinal);
        Assert.Contains("The SSL connection could not be established", failure, StringComparison.Ordinal);
        Assert.Equal(0, receiver.ExportAttempts);
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

        var logs = new LogCapture();
        await using var app = await TracedApp.StartAsync(configuration, logs);

        Assert.True((await app.GetAsync($"/{app.Marker}/tasks/1")).IsSuccessStatusCode);
        var failure = await ExportFailureAsync(logs);

        Assert.True(failure is not null, "no export failure was reported:\n" + string.Join('\n', logs.Messages("Tracing.Sdk")));
        Assert.Contains(receiver.GrpcEndpoint.Authority, failure, StringComparison.Ordinal);
        Assert.Contains("HttpRequestException", failure, StringComparison.Ordinal);

        // Refused during the handshake: no export request ever reached the collector.
        Assert.Equal(0, receiver.ExportAttempts);
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
