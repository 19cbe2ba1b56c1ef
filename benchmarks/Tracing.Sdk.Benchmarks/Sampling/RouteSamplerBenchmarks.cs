using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using OpenTelemetry.Trace;
using Tracing.Sdk.Configuration;
using Tracing.Sdk.Sampling;

namespace Tracing.Sdk.Benchmarks.Sampling;

/// <summary>
/// The sampling rules' cost on one server-span decision, against what the probe check costs today (the baseline:
/// our probe-filtering sampler over the default sampler, for a request that is not a probe). The rules are the
/// README's example; <c>GET /catalog/42</c> matches the second, so it reads the tags, skips a rule and runs the
/// trace-id ratio test. Every case must allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class RouteSamplerBenchmarks
{
    private static readonly ActivityTraceId TraceId = ActivityTraceId.CreateRandom();

    private static readonly SamplingRuleSet Rules = SamplingRuleSet.Compile(
    [
        new SamplingRule("/checkout/*", 1_000_000),
        new SamplingRule("/catalog/*", 10_000) { Method = "GET" },
        new SamplingRule("/internal/*", 0),
    ]);

    private readonly Sampler _probeCheckToday = new ProbeFilteringSampler(
        new ParentBasedSampler(new AlwaysOnSampler()), new NamePatternSet(K8sTracingOptions.DefaultProbePaths), dropKubeProbeUserAgent: true);

    private readonly Sampler _rules = new RouteSampler(new ParentBasedSampler(new AlwaysOnSampler()), Rules);

    private readonly Sampler _probeCheckThenRules = new ProbeFilteringSampler(
        RouteSampler.Over(new ParentBasedSampler(new AlwaysOnSampler()), Rules),
        new NamePatternSet(K8sTracingOptions.DefaultProbePaths),
        dropKubeProbeUserAgent: true);

    private readonly IEnumerable<KeyValuePair<string, object?>> _catalog = ServerStartTags.For("/catalog/42", ServerStartTags.BrowserAgent);
    private readonly IEnumerable<KeyValuePair<string, object?>> _unmatched = ServerStartTags.For("/api/tasks/42", ServerStartTags.BrowserAgent);

    [Benchmark(Baseline = true)]
    public SamplingDecision ProbeCheckToday() => _probeCheckToday.ShouldSample(Server(_catalog)).Decision;

    [Benchmark]
    public SamplingDecision RuleMatched() => _rules.ShouldSample(Server(_catalog)).Decision;

    [Benchmark]
    public SamplingDecision NoRuleMatched() => _rules.ShouldSample(Server(_unmatched)).Decision;

    [Benchmark]
    public SamplingDecision ProbeCheckThenRuleMatched() => _probeCheckThenRules.ShouldSample(Server(_catalog)).Decision;

    [Benchmark]
    public SamplingDecision ClientSpanWithRules() =>
        _probeCheckThenRules.ShouldSample(new SamplingParameters(default, TraceId, "GET", ActivityKind.Client, null)).Decision;

    private static SamplingParameters Server(IEnumerable<KeyValuePair<string, object?>> tags) =>
        new(default, TraceId, "Microsoft.AspNetCore.Hosting.HttpRequestIn", ActivityKind.Server, tags);
}
