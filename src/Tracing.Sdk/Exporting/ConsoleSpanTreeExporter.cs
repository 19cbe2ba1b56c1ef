using System.Diagnostics;
using System.Globalization;
using System.Text;
using OpenTelemetry;

namespace Tracing.Sdk.Exporting;

/// <summary>
/// Prints each finished trace to a <see cref="TextWriter"/> as a compact span tree, once its local root span ends:
/// the dev-loop view without a collector. Spans wait for their root in a bounded buffer; a trace pushed out of it,
/// or still waiting at shutdown, is printed as it is.
/// </summary>
internal sealed class ConsoleSpanTreeExporter : BaseExporter<Activity>
{
    internal const int MaxPendingTraces = 256;
    internal const int MaxSpansPerTrace = 512;

    private static readonly string[] DetailTags =
    [
        "http.response.status_code",
        "error.type",
        "server.address",
        "rpc.system",
        "aws.dynamodb.table_names",
        "url.query",
    ];

    private readonly TextWriter _output;
    private readonly Dictionary<ActivityTraceId, List<SpanLine>> _pending = [];
    private readonly Queue<ActivityTraceId> _arrival = new();
    private readonly Lock _lock = new();

    public ConsoleSpanTreeExporter(TextWriter output)
    {
        _output = output;
    }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        var text = new StringBuilder();
        lock (_lock)
        {
            foreach (var activity in batch)
            {
                var span = SpanLine.From(activity);
                if (!_pending.TryGetValue(span.TraceId, out var spans))
                {
                    spans = [];
                    _pending[span.TraceId] = spans;
                    _arrival.Enqueue(span.TraceId);
                }

                if (spans.Count < MaxSpansPerTrace)
                {
                    spans.Add(span);
                }

                if (span.IsLocalRoot)
                {
                    _pending.Remove(span.TraceId);
                    Render(span.TraceId, spans, text);
                }
            }

            while (_pending.Count > MaxPendingTraces && _arrival.TryDequeue(out var oldest))
            {
                if (_pending.Remove(oldest, out var spans))
                {
                    Render(oldest, spans, text);
                }
            }

            TrimArrivalQueue();
        }

        return Write(text);
    }

    protected override bool OnForceFlush(int timeoutMilliseconds)
    {
        var text = new StringBuilder();
        lock (_lock)
        {
            foreach (var trace in _pending)
            {
                Render(trace.Key, trace.Value, text);
            }

            _pending.Clear();
            _arrival.Clear();
        }

        return Write(text) == ExportResult.Success;
    }

    protected override bool OnShutdown(int timeoutMilliseconds) => OnForceFlush(timeoutMilliseconds);

    private void TrimArrivalQueue()
    {
        while (_arrival.TryPeek(out var first) && !_pending.ContainsKey(first))
        {
            _arrival.Dequeue();
        }
    }

    private ExportResult Write(StringBuilder text)
    {
        if (text.Length == 0)
        {
            return ExportResult.Success;
        }

        try
        {
            _output.Write(text.ToString());
            _output.Flush();
            return ExportResult.Success;
        }
        catch (IOException)
        {
            return ExportResult.Failure;
        }
        catch (ObjectDisposedException)
        {
            return ExportResult.Failure;
        }
    }

    private void Render(ActivityTraceId traceId, List<SpanLine> spans, StringBuilder text)
    {
        var service = ParentProvider?.GetResource().Attributes
            .FirstOrDefault(a => a.Key == "service.name").Value as string;
        text.Append("trace ").Append(traceId.ToHexString());
        if (service is not null)
        {
            text.Append("  ").Append(service);
        }

        text.Append('\n');

        var ids = new HashSet<ActivitySpanId>(spans.Select(s => s.SpanId));
        var children = spans
            .Where(s => !s.IsLocalRoot && ids.Contains(s.ParentSpanId))
            .GroupBy(s => s.ParentSpanId)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Start).ToList());
        var roots = spans.Where(s => s.IsLocalRoot || !ids.Contains(s.ParentSpanId)).OrderBy(s => s.Start).ToList();

        for (var i = 0; i < roots.Count; i++)
        {
            RenderSpan(roots[i], children, text, indent: string.Empty, isLast: i == roots.Count - 1, depth: 0);
        }
    }

    private static void RenderSpan(
        SpanLine span, Dictionary<ActivitySpanId, List<SpanLine>> children, StringBuilder text, string indent, bool isLast, int depth)
    {
        text.Append(indent).Append(isLast ? "└─ " : "├─ ").Append(span.Describe()).Append('\n');
        if (depth > 64 || !children.TryGetValue(span.SpanId, out var below))
        {
            return;
        }

        var childIndent = indent + (isLast ? "   " : "│  ");
        for (var i = 0; i < below.Count; i++)
        {
            RenderSpan(below[i], children, text, childIndent, i == below.Count - 1, depth + 1);
        }
    }

    private sealed record SpanLine(
        ActivityTraceId TraceId,
        ActivitySpanId SpanId,
        ActivitySpanId ParentSpanId,
        bool IsLocalRoot,
        string Name,
        ActivityKind Kind,
        DateTime Start,
        TimeSpan Duration,
        ActivityStatusCode Status,
        string Details)
    {
        public static SpanLine From(Activity activity)
        {
            var details = new StringBuilder();
            foreach (var key in DetailTags)
            {
                if (activity.GetTagItem(key) is { } value)
                {
                    details.Append("  ").Append(key).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                }
            }

            foreach (var activityEvent in activity.Events)
            {
                details.Append("  event=").Append(activityEvent.Name);
            }

            return new SpanLine(
                activity.TraceId,
                activity.SpanId,
                activity.ParentSpanId,
                activity.ParentSpanId == default || activity.HasRemoteParent,
                activity.DisplayName,
                activity.Kind,
                activity.StartTimeUtc,
                activity.Duration,
                activity.Status,
                details.ToString());
        }

        public string Describe()
        {
            var status = Status == ActivityStatusCode.Error ? "  ERROR" : string.Empty;
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{Name}  [{Kind.ToString().ToLowerInvariant()}]  {Duration.TotalMilliseconds:0.0} ms{status}{Details}");
        }
    }
}
