using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using OpenTelemetry.Context.Propagation;
using Tracing.Sdk.Propagation;
using static Tracing.Sdk.Benchmarks.Propagation.BenchmarkCarriers;

namespace Tracing.Sdk.Benchmarks.Propagation;

/// <summary>B3 single and multi extraction and injection against our own W3C (the target is within 1.2x).</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class B3Benchmarks
{
    private readonly Dictionary<string, string[]> _w3c = TextMap(("traceparent", TraceParent));
    private readonly Dictionary<string, string[]> _single = TextMap(("b3", TraceId + "-" + SpanId + "-1"));
    private readonly Dictionary<string, string[]> _multi = TextMap(("x-b3-traceid", TraceId), ("x-b3-spanid", SpanId), ("x-b3-sampled", "1"));
    private readonly Dictionary<string, string> _denyOnly = Distributed(("b3", "0"));
    private readonly Dictionary<string, string> _carrier = new(StringComparer.OrdinalIgnoreCase);
    private readonly K8sTextMapPropagator _traceContext = new(PropagationSetup.CreateCodec(["tracecontext"], new(), out _));
    private readonly K8sTextMapPropagator _b3 = new(PropagationSetup.CreateCodec(["b3"], new(), out _));
    private readonly K8sTextMapPropagator _b3Multi = new(PropagationSetup.CreateCodec(["b3multi"], new(), out _));
    private readonly K8sDistributedContextPropagator _traceContextDistributed = new(PropagationSetup.CreateCodec(["tracecontext"], new(), out _));
    private readonly K8sDistributedContextPropagator _b3Distributed = new(PropagationSetup.CreateCodec(["b3"], new(), out _));
    private readonly K8sDistributedContextPropagator _b3MultiDistributed = new(PropagationSetup.CreateCodec(["b3multi"], new(), out _));
    private Activity _activity = null!;
    private Activity _otherActivity = null!;
    private int _injections;

    [GlobalSetup]
    public void Setup()
    {
        _activity = StartActivity();
        _otherActivity = StartActivity();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Extract")]
    public PropagationContext ExtractW3C() => _traceContext.Extract(default, _w3c, TextMapGetter);

    [Benchmark]
    [BenchmarkCategory("Extract")]
    public PropagationContext ExtractB3Single() => _b3.Extract(default, _single, TextMapGetter);

    [Benchmark]
    [BenchmarkCategory("Extract")]
    public PropagationContext ExtractB3Multi() => _b3Multi.Extract(default, _multi, TextMapGetter);

    /// <summary>A deny-only <c>b3: 0</c> as ASP.NET Core extracts it: the request's root must not be recorded.</summary>
    [Benchmark]
    [BenchmarkCategory("Extract")]
    public string? ExtractB3DenyOnly()
    {
        _b3Distributed.ExtractTraceIdAndState(_denyOnly, DistributedGetter, out var traceParent, out _);
        return traceParent;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Inject")]
    public void InjectW3C() => _traceContextDistributed.Inject(_activity, _carrier, DistributedSetter);

    [Benchmark]
    [BenchmarkCategory("Inject")]
    public void InjectB3Single() => _b3Distributed.Inject(_activity, _carrier, DistributedSetter);

    [Benchmark]
    [BenchmarkCategory("Inject")]
    public void InjectB3Multi() => _b3MultiDistributed.Inject(_activity, _carrier, DistributedSetter);

    /// <summary>Two spans in turn, so the <c>b3</c> value is built every time (an HttpClient call injects its span once).</summary>
    [Benchmark]
    [BenchmarkCategory("Inject")]
    public void InjectB3SingleNewSpanEachTime() => _b3Distributed.Inject((++_injections & 1) == 0 ? _activity : _otherActivity, _carrier, DistributedSetter);

    /// <summary>What the carrier's setter alone costs for the three multi headers: the floor of <see cref="InjectB3Multi"/>.</summary>
    [Benchmark]
    [BenchmarkCategory("Inject")]
    public void SetterOnlyThreeB3MultiHeaders()
    {
        DistributedSetter(_carrier, "x-b3-traceid", TraceId);
        DistributedSetter(_carrier, "x-b3-spanid", SpanId);
        DistributedSetter(_carrier, "x-b3-sampled", "1");
    }

    /// <summary>What the carrier's setter alone costs for <c>traceparent</c>: the floor of <see cref="InjectW3C"/>.</summary>
    [Benchmark]
    [BenchmarkCategory("Inject")]
    public void SetterOnlyTraceParent() => DistributedSetter(_carrier, "traceparent", TraceParent);
}
