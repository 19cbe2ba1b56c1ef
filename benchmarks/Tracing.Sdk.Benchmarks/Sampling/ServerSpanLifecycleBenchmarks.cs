using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using Tracing.Sdk.Configuration;
using Tracing.Sdk.Sampling;

namespace Tracing.Sdk.Benchmarks.Sampling;

/// <summary>
/// Starting and stopping a server-like span with ASP.NET Core's start tags, with no exporter so only the SDK's and our
/// per-span work shows: OpenTelemetry with <see cref="AlwaysOnSampler"/> (baseline), the same with our probe-filtering
/// sampler, and the provider our factory builds (sampler, attribute redaction on end, exception-redaction listener).
/// </summary>
[MemoryDiagnoser]
public class ServerSpanLifecycleBenchmarks
{
    private const string SpanName = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private readonly ActivitySource _plainSource = new("Bench.Plain");
    private readonly ActivitySource _samplerSource = new("Bench.Sampler");
    private readonly ActivitySource _factorySource = new("Bench.Factory");
    private readonly IEnumerable<KeyValuePair<string, object?>> _normal = ServerStartTags.For("/api/tasks/42", ServerStartTags.BrowserAgent);
    private readonly IEnumerable<KeyValuePair<string, object?>> _probe = ServerStartTags.For("/healthz", ServerStartTags.BrowserAgent);

    private TracerProvider _plain = null!;
    private TracerProvider _sampler = null!;
    private IHost _factory = null!;

    [GlobalSetup]
    public void Setup()
    {
        _plain = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .SetSampler(new AlwaysOnSampler())
            .AddSource(_plainSource.Name)
            .Build();
        _sampler = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .SetSampler(new ProbeFilteringSampler(
                new ParentBasedSampler(new AlwaysOnSampler()),
                new NamePatternSet(K8sTracingOptions.DefaultProbePaths),
                dropKubeProbeUserAgent: true))
            .AddSource(_samplerSource.Name)
            .Build();

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "Bench.App" });
        builder.AddK8sTracing(o =>
        {
            o.Exporter = TracesExporter.None;
            o.Sources.Add(_factorySource.Name);
        });
        _factory = builder.Build();
        _ = _factory.Services.GetRequiredService<TracerProvider>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plain.Dispose();
        _sampler.Dispose();
        _factory.Dispose();
        _plainSource.Dispose();
        _samplerSource.Dispose();
        _factorySource.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void PlainAlwaysOn() => Run(_plainSource, _normal);

    [Benchmark]
    public void OursSampler() => Run(_samplerSource, _normal);

    [Benchmark]
    public void OursFactoryProvider() => Run(_factorySource, _normal);

    [Benchmark]
    public void PlainAlwaysOnProbe() => Run(_plainSource, _probe);

    [Benchmark]
    public void OursFactoryProviderProbe() => Run(_factorySource, _probe);

    private static void Run(ActivitySource source, IEnumerable<KeyValuePair<string, object?>> tags)
    {
        using var activity = source.StartActivity(SpanName, ActivityKind.Server, default(ActivityContext), tags);
    }
}
