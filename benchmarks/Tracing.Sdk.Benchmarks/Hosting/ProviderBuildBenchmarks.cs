using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Tracing.Sdk.Configuration;
using Tracing.Sdk.Hosting;

namespace Tracing.Sdk.Benchmarks.Hosting;

/// <summary>
/// Building and disposing the provider at startup with OTLP gRPC batch export (nothing is exported): a hand-written
/// OpenTelemetry setup (baseline) against our factory, which also resolves configuration, detects the resource,
/// wraps the sampler and adds redaction.
/// </summary>
[MemoryDiagnoser]
public class ProviderBuildBenchmarks
{
    private static readonly Uri Endpoint = new("http://localhost:4317");
    private readonly IConfiguration _configuration = new ConfigurationBuilder().Build();

    [Benchmark(Baseline = true)]
    public void PlainOpenTelemetry()
    {
        using var provider = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .AddSource("Microsoft.AspNetCore", "System.Net.Http")
            .AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = Endpoint;
                otlp.Protocol = OtlpExportProtocol.Grpc;
            })
            .Build();
    }

    [Benchmark]
    public void OursFactory()
    {
        var state = new K8sTracingState(new K8sTracingOptions(), new ConfiguredValues(), new SetupDiagnostics(), "Bench.App");
        state.Sources.Add("Microsoft.AspNetCore");
        using var built = TracerProviderFactory.Create(state, _configuration);
    }
}
