using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Tracing.Sdk.Hosting;
using Tracing.Sdk.Tests.TestSupport;

namespace Tracing.Sdk.Tests.Hosting;

/// <summary>
/// What the OpenTelemetry SDK (1.20.1) reads itself for a named OTLP exporter, <c>AddOtlpExporter(name, null)</c> as
/// Tracing.Sdk registers it, and why Tracing.Sdk still reads, corrects or checks some of it: for these values the SDK
/// alone stops the service from starting, ignores the key, misreads the value, or says nothing, where the rule is a
/// report and the default.
/// </summary>
public class SdkConfigurationReadingTests
{
    private const string Name = "probe";

    public static TheoryData<string, string> ValuesTheSdkAloneRefuses => new()
    {
        { "OTEL_EXPORTER_OTLP_HEADERS", "api-key" },
        { "OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "sometimes" },
        { "OTEL_EXPORTER_OTLP_TIMEOUT", "0" },
    };

    [Theory]
    [MemberData(nameof(ValuesTheSdkAloneRefuses))]
    public void SdkAlone_BadValue_ProviderFailsToBuild(string key, string value)
    {
        var builder = TestHostBuilder.Create(new() { [key] = value });
        builder.Services.AddOpenTelemetry().WithTracing(t => t.AddSource("x").AddOtlpExporter());
        using var host = builder.Build();

        Assert.ThrowsAny<Exception>(() => host.Services.GetRequiredService<TracerProvider>());
    }

    [Theory]
    [MemberData(nameof(ValuesTheSdkAloneRefuses))]
    public void AddK8sTracing_SameBadValue_BuildsAndReportsTheKey(string key, string value)
    {
        var builder = TestHostBuilder.Create(new() { [key] = value });
        builder.AddK8sTracing();
        using var host = builder.Build();

        Assert.NotNull(host.Services.GetRequiredService<TracerProvider>());
        Assert.Contains(host.Services.GetRequiredService<TracingPipeline>().Report.Warnings, w => w.StartsWith(key, StringComparison.Ordinal));
    }

    [Fact]
    public void SdkAlone_BaseKeys_AreRead()
    {
        var (otlp, batch) = SdkAlone(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4318",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_EXPORTER_OTLP_TIMEOUT"] = "2500",
            ["OTEL_EXPORTER_OTLP_COMPRESSION"] = "GZIP",
            ["OTEL_BSP_MAX_QUEUE_SIZE"] = "100",
            ["OTEL_BSP_MAX_EXPORT_BATCH_SIZE"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "700",
        });

        Assert.Equal(new Uri("http://collector:4318"), otlp.Endpoint);
        Assert.Equal(OtlpExportProtocol.HttpProtobuf, otlp.Protocol);
        Assert.Equal(2500, otlp.TimeoutMilliseconds);
        Assert.Equal(OtlpExportCompression.GZip, otlp.Compression);
        Assert.Equal((100, 100, 700), (batch.MaxQueueSize, batch.MaxExportBatchSize, batch.ScheduledDelayMilliseconds));
    }

    /// <summary>Why the signal keys are Tracing.Sdk's: only <c>UseOtlpExporter</c> reads them, not <c>AddOtlpExporter</c>.</summary>
    [Fact]
    public void SdkAlone_SignalKeys_AreNotRead()
    {
        var (otlp, _) = SdkAlone(new()
        {
            ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = "http://traces:4318/custom",
            ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"] = "http/protobuf",
            ["OTEL_EXPORTER_OTLP_TRACES_TIMEOUT"] = "1234",
            ["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION"] = "gzip",
        });

        Assert.Equal(new Uri("http://localhost:4317"), otlp.Endpoint);
        Assert.Equal(OtlpExportProtocol.Grpc, otlp.Protocol);
        Assert.Equal(10_000, otlp.TimeoutMilliseconds);
        Assert.Equal(OtlpExportCompression.None, otlp.Compression);
    }

    /// <summary>Why the protocol is Tracing.Sdk's: the SDK reads it case-sensitively and silently falls back to gRPC.</summary>
    [Fact]
    public void SdkAlone_ProtocolInCapitals_IsGrpc()
    {
        Assert.Equal(OtlpExportProtocol.Grpc, SdkAlone(new() { ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "HTTP/PROTOBUF" }).Otlp.Protocol);
    }

    /// <summary>
    /// Why the base endpoint is checked: the SDK takes any absolute URI, a gRPC <c>host:port</c> (the form the
    /// specification allows with <c>OTEL_EXPORTER_OTLP_INSECURE</c>) as a URI whose scheme is the host.
    /// </summary>
    [Theory]
    [InlineData("collector:4317", "collector")]
    [InlineData("ftp://collector:4317", "ftp")]
    public void SdkAlone_EndpointNotHttp_IsTakenAsItIs(string endpoint, string scheme)
    {
        Assert.Equal(scheme, SdkAlone(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint }).Otlp.Endpoint.Scheme);
    }

    /// <summary>Why the export timeout of the batch processor is checked: the SDK takes 0.</summary>
    [Fact]
    public void SdkAlone_BatchExportTimeoutZero_IsTaken()
    {
        Assert.Equal(0, SdkAlone(new() { ["OTEL_BSP_EXPORT_TIMEOUT"] = "0" }).Batch.ExporterTimeoutMilliseconds);
    }

    /// <summary>
    /// Why the keys the SDK reads are still checked: for a value it cannot read it writes to its EventSource only and
    /// uses its default, so without the check the startup report would not name it.
    /// </summary>
    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_TIMEOUT", "soon")]
    [InlineData("OTEL_EXPORTER_OTLP_COMPRESSION", "zstd")]
    [InlineData("OTEL_BSP_MAX_QUEUE_SIZE", "lots")]
    [InlineData("OTEL_BSP_SCHEDULE_DELAY", "0")]
    public void SdkAlone_UnreadableValue_DefaultWithoutAWord(string key, string value)
    {
        var (otlp, batch) = SdkAlone(new() { [key] = value });

        Assert.Equal((10_000, OtlpExportCompression.None), (otlp.TimeoutMilliseconds, otlp.Compression));
        Assert.Equal((2048, 5000), (batch.MaxQueueSize, batch.ScheduledDelayMilliseconds));
    }

    /// <summary>
    /// Why <c>OTEL_TRACES_SAMPLER</c> is Tracing.Sdk's: its sampler chain (probes, rules, propagation) must wrap the
    /// configured sampler, and the SDK reads the variable only when no sampler was set.
    /// </summary>
    [Fact]
    public void SdkAlone_SamplerSetOnTheProvider_EnvironmentSamplerIgnored()
    {
        var builder = TestHostBuilder.Create(new() { ["OTEL_TRACES_SAMPLER"] = "always_off" });
        builder.Services.AddOpenTelemetry().WithTracing(t => t.AddSource(Name).SetSampler(new AlwaysOnSampler()));
        using var host = builder.Build();
        host.Services.GetRequiredService<TracerProvider>();
        using var source = new ActivitySource(Name);

        using var activity = source.StartActivity("work");

        Assert.True(activity?.Recorded);
    }

    private static (OtlpExporterOptions Otlp, BatchExportProcessorOptions<Activity> Batch) SdkAlone(Dictionary<string, string?> configuration)
    {
        var builder = TestHostBuilder.Create(configuration);
        builder.Services.AddOpenTelemetry().WithTracing(t => t.AddSource(Name).AddOtlpExporter(Name, configure: null));
        using var host = builder.Build();
        var otlp = host.Services.GetRequiredService<IOptionsMonitor<OtlpExporterOptions>>().Get(Name);
        return (otlp, otlp.BatchExportProcessorOptions);
    }
}
