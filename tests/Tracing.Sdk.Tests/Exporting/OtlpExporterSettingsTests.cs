using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Tracing.Sdk.Hosting;
using Tracing.Sdk.Tests.TestSupport;

namespace Tracing.Sdk.Tests.Exporting;

/// <summary>
/// The exporter's settings as the OpenTelemetry SDK resolved them for Tracing.Sdk's exporter — what it read from
/// configuration, what Tracing.Sdk added for the keys it does not read, what code set — and as the startup report shows them.
/// </summary>
public class OtlpExporterSettingsTests
{
    [Theory]
    [InlineData("grpc", "http://localhost:4317/")]
    [InlineData("http/protobuf", "http://localhost:4318/v1/traces")]
    public void Resolve_NothingSet_SidecarDefaultForProtocol(string protocol, string expected)
    {
        using var host = Build(new() { ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol });

        Assert.Equal(new Uri(expected), Report(host).Endpoint);
        Assert.Equal("default", Report(host).EndpointOrigin);
    }

    [Theory]
    [InlineData("grpc", "http://collector:4317", "http://collector:4317/")]
    [InlineData("http/protobuf", "http://collector:4318", "http://collector:4318/v1/traces")]
    [InlineData("http/protobuf", "http://collector:4318/", "http://collector:4318/v1/traces")]
    [InlineData("http/protobuf", "https://gw.example/otlp", "https://gw.example/otlp/v1/traces")]
    public void Resolve_BaseEndpoint_AppendsSignalPathForHttpOnly(string protocol, string baseEndpoint, string expected)
    {
        using var host = Build(new() { ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol, ["OTEL_EXPORTER_OTLP_ENDPOINT"] = baseEndpoint });

        Assert.Equal(new Uri(expected), Report(host).Endpoint);
        Assert.Equal("OTEL_EXPORTER_OTLP_ENDPOINT", Report(host).EndpointOrigin);
    }

    [Fact]
    public void Resolve_SignalEndpoint_WinsAndIsUsedAsGiven()
    {
        using var host = Build(new()
        {
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://base:4318",
            ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = "http://traces:4318/custom",
        });

        Assert.Equal(new Uri("http://traces:4318/custom"), Otlp(host).Endpoint);
        Assert.Equal(new Uri("http://traces:4318/custom"), Report(host).Endpoint);
    }

    [Fact]
    public void Resolve_CodeEndpoint_WinsAndIsUsedAsGiven()
    {
        using var host = Build(
            new() { ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf", ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://base:4318" },
            o => o.Endpoint = new Uri("http://code:4318/custom"));

        Assert.Equal(new Uri("http://code:4318/custom"), Report(host).Endpoint);
        Assert.Equal("code", Report(host).EndpointOrigin);
    }

    [Theory]
    [InlineData(null, "https://collector:4317/")]
    [InlineData("true", "http://collector:4317/")]
    public void Resolve_GrpcBaseEndpointWithoutScheme_UsesTlsUnlessInsecure(string? insecure, string expected)
    {
        using var host = Build(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "collector:4317", ["OTEL_EXPORTER_OTLP_INSECURE"] = insecure });

        Assert.Equal(new Uri(expected), Otlp(host).Endpoint);
        Assert.Empty(Report(host).Warnings);
    }

    [Theory]
    [InlineData("ftp://collector:4317")]
    [InlineData("not a url")]
    public void Resolve_BadBaseEndpoint_ReportedAndTheDefaultUsed(string endpoint)
    {
        using var host = Build(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint });

        Assert.Equal(new Uri("http://localhost:4317/"), Otlp(host).Endpoint);
        Assert.Contains(Report(host).Warnings, w => w.StartsWith("OTEL_EXPORTER_OTLP_ENDPOINT:", StringComparison.Ordinal));
        Assert.NotNull(host.Services.GetRequiredService<TracerProvider>());
    }

    [Fact]
    public void Resolve_ProtocolInCapitals_IsHttp()
    {
        using var host = Build(new() { ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "HTTP/PROTOBUF" });

        Assert.Equal(OtlpExportProtocol.HttpProtobuf, Otlp(host).Protocol);
    }

    [Fact]
    public void Resolve_Timeouts_AreMillisecondsTheSignalKeyWinning()
    {
        using var baseOnly = Build(new() { ["OTEL_EXPORTER_OTLP_TIMEOUT"] = "2500" });
        using var both = Build(new() { ["OTEL_EXPORTER_OTLP_TIMEOUT"] = "2500", ["OTEL_EXPORTER_OTLP_TRACES_TIMEOUT"] = "1234" });

        Assert.Equal(2500, Otlp(baseOnly).TimeoutMilliseconds);
        Assert.Contains(" timeout=2500ms", Report(baseOnly).ToString(), StringComparison.Ordinal);
        Assert.Equal(1234, Otlp(both).TimeoutMilliseconds);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_TIMEOUT", "abc")]
    [InlineData("OTEL_EXPORTER_OTLP_TIMEOUT", "-5")]
    [InlineData("OTEL_EXPORTER_OTLP_TIMEOUT", "0")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "1.5")]
    public void Resolve_BadTimeout_ReportedWithItsKeyAndTheDefaultUsed(string key, string value)
    {
        using var host = Build(new() { [key] = value });

        Assert.Equal(10_000, Otlp(host).TimeoutMilliseconds);
        Assert.Contains(Report(host).Warnings, w => w.StartsWith(key + ":", StringComparison.Ordinal));
        Assert.NotNull(host.Services.GetRequiredService<TracerProvider>());
    }

    [Fact]
    public void Resolve_Compression_BaseKeyReadByTheSdkSignalKeyWinning()
    {
        using var baseOnly = Build(new() { ["OTEL_EXPORTER_OTLP_COMPRESSION"] = "gzip" });
        using var both = Build(new() { ["OTEL_EXPORTER_OTLP_COMPRESSION"] = "gzip", ["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION"] = "none" });
        using var bad = Build(new() { ["OTEL_EXPORTER_OTLP_COMPRESSION"] = "zstd" });

        Assert.Equal(OtlpExportCompression.GZip, Otlp(baseOnly).Compression);
        Assert.Contains(" compression=gzip", Report(baseOnly).ToString(), StringComparison.Ordinal);
        Assert.Equal(OtlpExportCompression.None, Otlp(both).Compression);
        Assert.Equal(OtlpExportCompression.None, Otlp(bad).Compression);
        Assert.Contains(Report(bad).Warnings, w => w.StartsWith("OTEL_EXPORTER_OTLP_COMPRESSION:", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_BatchVariables_ReachEveryExporterOfOurs()
    {
        using var host = Build(new()
        {
            ["OTEL_TRACES_EXPORTER"] = "otlp,zipkin",
            ["OTEL_BSP_MAX_QUEUE_SIZE"] = "100",
            ["OTEL_BSP_MAX_EXPORT_BATCH_SIZE"] = "50",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "700",
            ["OTEL_BSP_EXPORT_TIMEOUT"] = "900",
        });

        foreach (var batch in new[] { Otlp(host).BatchExportProcessorOptions, Zipkin(host).BatchExportProcessorOptions, Batch(host) })
        {
            Assert.Equal((100, 50, 700, 900), (batch.MaxQueueSize, batch.MaxExportBatchSize, batch.ScheduledDelayMilliseconds, batch.ExporterTimeoutMilliseconds));
        }

        Assert.Empty(Report(host).Warnings);
    }

    [Fact]
    public void Resolve_BatchLargerThanQueue_IsCappedWithWarning()
    {
        using var host = Build(new() { ["OTEL_BSP_MAX_QUEUE_SIZE"] = "100", ["OTEL_BSP_MAX_EXPORT_BATCH_SIZE"] = "500" });

        Assert.Equal((100, 100), (Batch(host).MaxQueueSize, Batch(host).MaxExportBatchSize));
        Assert.Contains(Report(host).Warnings, w => w.StartsWith("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("OTEL_BSP_MAX_QUEUE_SIZE", "-1")]
    [InlineData("OTEL_BSP_MAX_QUEUE_SIZE", "lots")]
    [InlineData("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "0")]
    [InlineData("OTEL_BSP_SCHEDULE_DELAY", "-1")]
    [InlineData("OTEL_BSP_SCHEDULE_DELAY", "0")]
    [InlineData("OTEL_BSP_EXPORT_TIMEOUT", "99999999999")]
    [InlineData("OTEL_BSP_EXPORT_TIMEOUT", "0")]
    public void Resolve_BadBatchValue_ReportedAndTheDefaultUsed(string key, string value)
    {
        using var host = Build(new() { [key] = value });

        var batch = Batch(host);
        Assert.Equal((2048, 512, 5000, 30_000), (batch.MaxQueueSize, batch.MaxExportBatchSize, batch.ScheduledDelayMilliseconds, batch.ExporterTimeoutMilliseconds));
        Assert.Contains(Report(host).Warnings, w => w.StartsWith(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_SetInCode_WinsOverTheEnvironmentEvenWhenItIsTheDefault()
    {
        using var host = Build(
            new()
            {
                ["OTEL_EXPORTER_OTLP_TIMEOUT"] = "2500",
                ["OTEL_EXPORTER_OTLP_COMPRESSION"] = "gzip",
                ["OTEL_BSP_MAX_QUEUE_SIZE"] = "100",
                ["OTEL_BSP_MAX_EXPORT_BATCH_SIZE"] = "50",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "700",
                ["OTEL_BSP_EXPORT_TIMEOUT"] = "900",
            },
            o =>
            {
                o.ExportTimeout = TimeSpan.FromSeconds(10);
                o.Compression = OtlpExportCompression.None;
                o.BatchMaxQueueSize = 4096;
                o.BatchMaxExportBatchSize = 256;
                o.BatchScheduleDelay = TimeSpan.FromSeconds(1);
                o.BatchExportTimeout = TimeSpan.FromSeconds(3);
            });

        Assert.Equal(10_000, Otlp(host).TimeoutMilliseconds);
        Assert.Equal(OtlpExportCompression.None, Otlp(host).Compression);
        var batch = Otlp(host).BatchExportProcessorOptions;
        Assert.Equal((4096, 256, 1000, 3000), (batch.MaxQueueSize, batch.MaxExportBatchSize, batch.ScheduledDelayMilliseconds, batch.ExporterTimeoutMilliseconds));
    }

    [Fact]
    public void Resolve_QueueMadeSmallerInCode_CapsTheEnvironmentsBatchSize()
    {
        using var host = Build(new() { ["OTEL_BSP_MAX_EXPORT_BATCH_SIZE"] = "2000" }, o => o.BatchMaxQueueSize = 1000);

        Assert.Equal((1000, 1000), (Batch(host).MaxQueueSize, Batch(host).MaxExportBatchSize));
        Assert.NotNull(host.Services.GetRequiredService<TracerProvider>());
        Assert.Contains(Report(host).Warnings, w => w.StartsWith("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_BatchSizeInCode_IsCheckedAgainstTheEnvironmentsQueue()
    {
        using var fits = Build(new() { ["OTEL_BSP_MAX_QUEUE_SIZE"] = "4096" }, o => o.BatchMaxExportBatchSize = 3000);

        Assert.Equal((4096, 3000), (Batch(fits).MaxQueueSize, Batch(fits).MaxExportBatchSize));
        var exception = Assert.Throws<OptionsValidationException>(() => Build(new() { ["OTEL_BSP_MAX_QUEUE_SIZE"] = "100" }, o => o.BatchMaxExportBatchSize = 200));
        Assert.Contains("BatchMaxExportBatchSize must be from 1 to BatchMaxQueueSize (100), not 200", exception.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> configuration, Action<K8sTracingOptions>? configure = null)
    {
        configuration.TryAdd("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "disabled");
        var builder = TestHostBuilder.Create(configuration);
        builder.AddK8sTracing(configure);
        return builder.Build();
    }

    private static StartupReport Report(IHost host) => host.Services.GetRequiredService<TracingPipeline>().Report;

    private static OtlpExporterOptions Otlp(IHost host) =>
        host.Services.GetRequiredService<IOptionsMonitor<OtlpExporterOptions>>().Get(TracingPipeline.ExporterName);

#pragma warning disable CS0618 // The Zipkin exporter is deprecated upstream; Tracing.Sdk keeps it for the meshes that speak only Zipkin.
    private static ZipkinExporterOptions Zipkin(IHost host) =>
        host.Services.GetRequiredService<IOptionsMonitor<ZipkinExporterOptions>>().Get(TracingPipeline.ExporterName);
#pragma warning restore CS0618

    private static BatchExportActivityProcessorOptions Batch(IHost host) =>
        host.Services.GetRequiredService<IOptionsMonitor<BatchExportActivityProcessorOptions>>().Get(TracingPipeline.ExporterName);
}
