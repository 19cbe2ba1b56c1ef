using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using OpenTelemetry.Context.Propagation;
using Tracing.Sdk.Propagation;
using static Tracing.Sdk.Benchmarks.Propagation.BenchmarkCarriers;

namespace Tracing.Sdk.Benchmarks.Propagation;

/// <summary>W3C <c>traceparent</c> + <c>tracestate</c> extraction: ours (both adapters) against OpenTelemetry's and .NET's.</summary>
[MemoryDiagnoser]
public class TraceContextExtractBenchmarks
{
    private readonly Dictionary<string, string[]> _textMap = TextMap(("traceparent", TraceParent), ("tracestate", "congo=t61rcWkgMzE"));
    private readonly Dictionary<string, string> _distributed = Distributed(("traceparent", TraceParent), ("tracestate", "congo=t61rcWkgMzE"));
    private readonly TraceContextPropagator _openTelemetry = new();
    private readonly DistributedContextPropagator _runtime = DistributedContextPropagator.CreateW3CPropagator();
    private readonly K8sTextMapPropagator _oursTextMap = new(PropagationSetup.CreateCodec(["tracecontext"], new(), out _));
    private readonly K8sDistributedContextPropagator _oursDistributed = new(PropagationSetup.CreateCodec(["tracecontext"], new(), out _));

    [Benchmark(Baseline = true)]
    public PropagationContext OpenTelemetryTextMap() => _openTelemetry.Extract(default, _textMap, TextMapGetter);

    [Benchmark]
    public PropagationContext OursTextMap() => _oursTextMap.Extract(default, _textMap, TextMapGetter);

    [Benchmark]
    public string? RuntimeW3C()
    {
        _runtime.ExtractTraceIdAndState(_distributed, DistributedGetter, out var traceParent, out _);
        return traceParent;
    }

    [Benchmark]
    public string? OursDistributed()
    {
        _oursDistributed.ExtractTraceIdAndState(_distributed, DistributedGetter, out var traceParent, out _);
        return traceParent;
    }
}
