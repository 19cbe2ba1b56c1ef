using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace Tracing.Sdk.Tests.TestSupport;

/// <summary>A processor that keeps every ended span, for assertions.</summary>
internal sealed class SpanCollector : BaseProcessor<Activity>
{
    private readonly ConcurrentQueue<Activity> _ended = new();

    public IReadOnlyList<Activity> Ended => [.. _ended];

    public override void OnEnd(Activity data) => _ended.Enqueue(data);
}
