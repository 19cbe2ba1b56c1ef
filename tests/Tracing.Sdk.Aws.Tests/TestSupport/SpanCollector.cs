using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace Tracing.Sdk.Aws.Tests.TestSupport;

/// <summary>Keeps every span that ends, for the assertions of one test (filtered by trace id: providers run in parallel).</summary>
internal sealed class SpanCollector : BaseProcessor<Activity>
{
    private readonly ConcurrentQueue<Activity> _spans = new();

    public override void OnEnd(Activity data) => _spans.Enqueue(data);

    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId) =>
        [.. _spans.Where(s => s.TraceId == traceId).OrderBy(s => s.StartTimeUtc)];
}
