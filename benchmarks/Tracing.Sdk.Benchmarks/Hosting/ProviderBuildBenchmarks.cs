using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace Tracing.Sdk.Benchmarks.Hosting;

/// <summary>
/// Building OpenTelemetry's tracer provider from a host's services at startup, with OTLP gRPC batch export (nothing is
/// exported): a hand-written OpenTelemetry setup (baseline) against AddK8sTracing, which also resolves configuration,
/// detects the resource, wraps the sampler and adds redaction.
/// </summary>
[MemoryDiagnoser]
public class ProviderBuildBenchmarks
{
    private static readonly Uri Endpoint = new("http://localhost:4317");

    [Benchmark(Baseline = true)]
    public void PlainOpenTelemetry()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "Bench.App" });
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing
            .AddSource("Microsoft.AspNetCore", "System.Net.Http")
            .AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = Endpoint;
                otlp.Protocol = OtlpExportProtocol.Grpc;
            }));
        Build(builder);
    }

    [Benchmark]
    public void OursAddK8sTracing()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "Bench.App" });
        builder.AddK8sTracing(o => o.Sources.Add("Microsoft.AspNetCore"));
        Build(builder);
    }

    private static void Build(HostApplicationBuilder builder)
    {
        using var host = builder.Build();
        _ = host.Services.GetRequiredService<TracerProvider>();
    }
}
