using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Tracing.Sdk.Propagation;
using Tracing.Sdk.Redaction;

namespace Tracing.Sdk.Benchmarks.Redaction;

/// <summary>
/// What our processors do to every recorded span, on a finished server span with the tags a traced request ends with
/// (ASP.NET Core's start tags, the completion tags, a pass-through header): the baseline is one pass over those tags, the
/// least any look at them costs; the redaction processor with the default patterns; the trace-flags processor's start.
/// </summary>
[MemoryDiagnoser]
public class SpanProcessorBenchmarks
{
    private readonly ActivitySource _source = new("Bench.Processors");
    private readonly SensitiveAttributeProcessor _redaction = new(new SensitiveKeyMatcher(K8sTracingOptions.DefaultRedactedAttributes));
    private readonly TraceFlagsProcessor _flags = new();
    private ActivityListener _listener = null!;
    private Activity _span = null!;

    [GlobalSetup]
    public void Setup()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source == _source,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
        _span = _source.StartActivity("GET /tasks/{id}", ActivityKind.Server)!;
        _span.SetTag("server.address", "localhost");
        _span.SetTag("server.port", 8080);
        _span.SetTag("http.request.method", "GET");
        _span.SetTag("url.scheme", "http");
        _span.SetTag("url.path", "/tasks/42");
        _span.SetTag("network.protocol.version", "1.1");
        _span.SetTag("user_agent.original", "wrk");
        _span.SetTag("http.request.header.x-request-id", new[] { "a3f1c9e2-6b7d-4e8f-9a0b-1c2d3e4f5a6b" });
        _span.SetTag("http.response.status_code", 200);
        _span.SetTag("http.route", "/tasks/{id}");
        _span.Stop();
        _redaction.OnEnd(_span);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener.Dispose();
        _source.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int PassOverTags()
    {
        var count = 0;
        foreach (ref readonly var tag in _span.EnumerateTagObjects())
        {
            count += tag.Key.Length;
        }

        return count;
    }

    [Benchmark]
    public void RedactionOnEnd() => _redaction.OnEnd(_span);

    [Benchmark]
    public void TraceFlagsOnStart() => _flags.OnStart(_span);
}
