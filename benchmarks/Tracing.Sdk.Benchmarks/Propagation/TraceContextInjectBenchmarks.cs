using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using OpenTelemetry.Context.Propagation;
using Tracing.Sdk.Propagation;
using static Tracing.Sdk.Benchmarks.Propagation.BenchmarkCarriers;

namespace Tracing.Sdk.Benchmarks.Propagation;

/// <summary>W3C injection: .NET's (HttpClient's default) against ours and OpenTelemetry's.</summary>
[MemoryDiagnoser]
public class TraceContextInjectBenchmarks
{
    private readonly Dictionary<string, string> _carrier = new(StringComparer.OrdinalIgnoreCase);
    private readonly DistributedContextPropagator _runtime = DistributedContextPropagator.CreateW3CPropagator();
    private readonly K8sDistributedContextPropagator _ours = new(PropagationSetup.CreateCodec(["tracecontext"], new(), out _));
    private readonly K8sTextMapPropagator _oursTextMap = new(PropagationSetup.CreateCodec(["tracecontext"], new(), out _));
    private readonly TraceContextPropagator _openTelemetry = new();
    private Activity _activity = null!;
    private Activity _randomActivity = null!;

    [GlobalSetup]
    public void Setup()
    {
        _activity = StartActivity();
        _randomActivity = StartActivity(ActivityTraceFlags.Recorded | (ActivityTraceFlags)TraceFlagBits.Random);
    }

    [Benchmark(Baseline = true)]
    public void RuntimeW3C() => _runtime.Inject(_activity, _carrier, DistributedSetter);

    [Benchmark]
    public void OursDistributed() => _ours.Inject(_activity, _carrier, DistributedSetter);

    /// <summary>A random-flag trace: the flag is on the activity (as our processor sets it), so its id is reused.</summary>
    [Benchmark]
    public void OursDistributedRandomFlag() => _ours.Inject(_randomActivity, _carrier, DistributedSetter);

    [Benchmark]
    public void OpenTelemetryTextMap() => _openTelemetry.Inject(new PropagationContext(_activity.Context, default), _carrier, TextMapSetter);

    [Benchmark]
    public void OursTextMap() => _oursTextMap.Inject(new PropagationContext(_activity.Context, default), _carrier, TextMapSetter);
}
