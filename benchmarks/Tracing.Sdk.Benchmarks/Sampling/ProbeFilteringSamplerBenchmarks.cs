using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using OpenTelemetry.Trace;
using Tracing.Sdk.Propagation;
using Tracing.Sdk.Sampling;
using Tracing.Sdk.Configuration;

namespace Tracing.Sdk.Benchmarks.Sampling;

/// <summary>
/// One sampling decision for a server span: OpenTelemetry's default sampler (what a hand-written setup asks) against
/// ours, which looks at the start tags for a probe before asking the same sampler. Every case must allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class ProbeFilteringSamplerBenchmarks
{
    private static readonly ActivityTraceId TraceId = ActivityTraceId.CreateRandom();

    private readonly Sampler _plain = new ParentBasedSampler(new AlwaysOnSampler());
    private readonly ProbeFilteringSampler _ours = new(
        new ParentBasedSampler(new AlwaysOnSampler()),
        new NamePatternSet(K8sTracingOptions.DefaultProbePaths),
        dropKubeProbeUserAgent: true);

    private readonly Sampler _asConfigured = new PropagationSampler(new ProbeFilteringSampler(
        new ParentBasedSampler(new AlwaysOnSampler()),
        new NamePatternSet(K8sTracingOptions.DefaultProbePaths),
        dropKubeProbeUserAgent: true));

    private readonly IEnumerable<KeyValuePair<string, object?>> _normal = ServerStartTags.For("/api/tasks/42", ServerStartTags.BrowserAgent);
    private readonly IEnumerable<KeyValuePair<string, object?>> _probe = ServerStartTags.For("/healthz", ServerStartTags.BrowserAgent);
    private readonly IEnumerable<KeyValuePair<string, object?>> _kubelet = ServerStartTags.For("/status", "kube-probe/1.33");

    [Benchmark(Baseline = true)]
    public SamplingDecision PlainNormalPath() => _plain.ShouldSample(Server(_normal)).Decision;

    [Benchmark]
    public SamplingDecision OursNormalPath() => _ours.ShouldSample(Server(_normal)).Decision;

    /// <summary>The whole default chain as the provider gets it: the propagation sampler around the probe filter.</summary>
    [Benchmark]
    public SamplingDecision OursAsConfiguredNormalPath() => _asConfigured.ShouldSample(Server(_normal)).Decision;

    [Benchmark]
    public SamplingDecision OursProbePath() => _ours.ShouldSample(Server(_probe)).Decision;

    [Benchmark]
    public SamplingDecision OursKubeProbeUserAgent() => _ours.ShouldSample(Server(_kubelet)).Decision;

    [Benchmark]
    public SamplingDecision OursClientSpan() =>
        _ours.ShouldSample(new SamplingParameters(default, TraceId, "GET", ActivityKind.Client, null)).Decision;

    private static SamplingParameters Server(IEnumerable<KeyValuePair<string, object?>> tags) =>
        new(default, TraceId, "Microsoft.AspNetCore.Hosting.HttpRequestIn", ActivityKind.Server, tags);
}
