using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using Tracing.Sdk.Propagation;
using static Tracing.Sdk.Benchmarks.Propagation.BenchmarkCarriers;

namespace Tracing.Sdk.Benchmarks.Propagation;

/// <summary>The default composite (<c>tracecontext,baggage</c>) against OpenTelemetry's composite of the same two.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CompositeBenchmarks
{
    private readonly Dictionary<string, string[]> _headers = TextMap(("traceparent", TraceParent), ("tracestate", "congo=t61rcWkgMzE"), ("baggage", "user=alice,tenant=a%20b"));
    private readonly Dictionary<string, string> _carrier = new(StringComparer.OrdinalIgnoreCase);
    private readonly CompositeTextMapPropagator _openTelemetry = new([new TraceContextPropagator(), new BaggagePropagator()]);
    private readonly K8sTextMapPropagator _ours = new(PropagationSetup.CreateCodec(["tracecontext", "baggage"], new(), out _));
    private readonly BaggagePropagator _openTelemetryBaggage = new();
    private readonly K8sTextMapPropagator _oursBaggage = new(PropagationSetup.CreateCodec(["baggage"], new(), out _));
    private readonly TraceContextPropagator _openTelemetryTraceContext = new();
    private readonly K8sTextMapPropagator _oursTraceContext = new(PropagationSetup.CreateCodec(["tracecontext"], new(), out _));
    private PropagationContext _context;

    [GlobalSetup]
    public void Setup() => _context = new PropagationContext(
        new ActivityContext(ActivityTraceId.CreateFromString(TraceId), ActivitySpanId.CreateFromString(SpanId), ActivityTraceFlags.Recorded, "congo=t61rcWkgMzE"),
        Baggage.Create(new Dictionary<string, string> { ["user"] = "alice", ["tenant"] = "a b" }));

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Extract")]
    public PropagationContext ExtractOpenTelemetry() => _openTelemetry.Extract(default, _headers, TextMapGetter);

    [Benchmark]
    [BenchmarkCategory("Extract")]
    public PropagationContext ExtractOurs() => _ours.Extract(default, _headers, TextMapGetter);

    /// <summary>The composite's members one by one: baggage alone.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("ExtractBaggage")]
    public PropagationContext ExtractBaggageOpenTelemetry() => _openTelemetryBaggage.Extract(default, _headers, TextMapGetter);

    [Benchmark]
    [BenchmarkCategory("ExtractBaggage")]
    public PropagationContext ExtractBaggageOurs() => _oursBaggage.Extract(default, _headers, TextMapGetter);

    /// <summary>The composite's members one by one: trace context alone, from the same headers.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("ExtractTraceContext")]
    public PropagationContext ExtractTraceContextOpenTelemetry() => _openTelemetryTraceContext.Extract(default, _headers, TextMapGetter);

    [Benchmark]
    [BenchmarkCategory("ExtractTraceContext")]
    public PropagationContext ExtractTraceContextOurs() => _oursTraceContext.Extract(default, _headers, TextMapGetter);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Inject")]
    public void InjectOpenTelemetry() => _openTelemetry.Inject(_context, _carrier, TextMapSetter);

    [Benchmark]
    [BenchmarkCategory("Inject")]
    public void InjectOurs() => _ours.Inject(_context, _carrier, TextMapSetter);
}
