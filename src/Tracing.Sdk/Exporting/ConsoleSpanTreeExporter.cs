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

    /// <summary>How long a trace waits after its root ended, for spans that end just after it (a server span ends
    /// after its in-process caller's client span has read the response).</summary>
    internal static readonly TimeSpan RootGrace = TimeSpan.FromMilliseconds(300);

    /// <summary>How long a trace whose local root has a remote parent waits for its caller, which may be in this process.</summary>
    internal static readonly TimeSpan RemoteRootGrace = TimeSpan.FromSeconds(1);

    private readonly TextWriter _output;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Dictionary<ActivityTraceId, PendingTrace> _pending = [];
    private readonly Lock _lock = new();

    public ConsoleSpanTreeExporter(TextWriter output, TimeProvider? time = null)
    {
        _output = output;
        _time = time ?? TimeProvider.System;
        _timer = _time.CreateTimer(static state => ((ConsoleSpanTreeExporter)state!).PrintReady(), this, RootGrace, RootGrace);
    }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            foreach (var activity in batch)
            {
                var span = SpanLine.From(activity);
                if (!_pending.TryGetValue(span.TraceId, out var trace))
                {
                    trace = new PendingTrace(now);
                    _pending[span.TraceId] = trace;
                }

                if (trace.Spans.Count < MaxSpansPerTrace)
                {
                    trace.Spans.Add(span);
                }

                if (span.ParentSpanId == default)
                {
                    trace.ReadyAt = now + RootGrace;
                }
                else if (span.IsLocalRoot)
                {
                    trace.ReadyAt ??= now + RemoteRootGrace;
                }
            }
        }

        return PrintReady();
    }

    /// <summary>Prints the traces whose wait is over, and the oldest ones beyond the buffer's bound.</summary>
    internal ExportResult PrintReady()
    {
        var text = new StringBuilder();
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var overflow = _pending.Count - MaxPendingTraces;
            foreach (var (traceId, trace) in _pending.OrderBy(p => p.Value.FirstSeen).ToArray())
            {
                if (trace.ReadyAt <= now || overflow-- > 0)
                {
                    _pending.Remove(traceId);
                    Render(traceId, trace.Spans, text);
                }
            }
        }

        return Write(text);
    }

    protected override bool OnForceFlush(int timeoutMilliseconds)
    {
        var text = new StringBuilder();
        lock (_lock)
        {
            foreach (var trace in _pending.OrderBy(p => p.Value.FirstSeen))
            {
                Render(trace.Key, trace.Value.Spans, text);
            }

            _pending.Clear();
        }

        return Write(text) == ExportResult.Success;
    }

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        _timer.Dispose();
        return OnForceFlush(timeoutMilliseconds);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _timer.Dispose();
        }

        base.Dispose(disposing);
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
            .Where(s => ids.Contains(s.ParentSpanId))
            .GroupBy(s => s.ParentSpanId)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Start).ToList());
        var roots = spans.Where(s => !ids.Contains(s.ParentSpanId)).OrderBy(s => s.Start).ToList();

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

    private sealed class PendingTrace(DateTimeOffset firstSeen)
    {
        public DateTimeOffset FirstSeen { get; } = firstSeen;

        public DateTimeOffset? ReadyAt { get; set; }

        public List<SpanLine> Spans { get; } = [];
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
                    details.Append("  ").Append(key).Append('=').Append(Format(value));
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

        private static string? Format(object value) => value is System.Collections.IEnumerable sequence and not string
            ? string.Join(',', sequence.Cast<object?>().Select(item => Convert.ToString(item, CultureInfo.InvariantCulture)))
            : Convert.ToString(value, CultureInfo.InvariantCulture);

        public string Describe()
        {
            var status = Status == ActivityStatusCode.Error ? "  ERROR" : string.Empty;
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{Name}  [{Kind.ToString().ToLowerInvariant()}]  {Duration.TotalMilliseconds:0.0} ms{status}{Details}");
        }
    }
}
