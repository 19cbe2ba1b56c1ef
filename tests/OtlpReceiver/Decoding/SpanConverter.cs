using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Tracing.Sdk.Testing.Decoding;

/// <summary>Flattens an OTLP export request into <see cref="ReceivedSpan"/>s.</summary>
internal static class SpanConverter
{
    public static IReadOnlyList<ReceivedSpan> ToReceivedSpans(ExportTraceServiceRequest request)
    {
        var spans = new List<ReceivedSpan>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resourceAttributes = resourceSpans.Resource is null
                ? new Dictionary<string, object?>()
                : AttributeConverter.ToDictionary(resourceSpans.Resource.Attributes);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    spans.Add(ToReceivedSpan(span, scopeSpans.Scope?.Name ?? string.Empty, scopeSpans.Scope?.Version ?? string.Empty, resourceAttributes));
                }
            }
        }

        return spans;
    }

    private static ReceivedSpan ToReceivedSpan(Span span, string scopeName, string scopeVersion, IReadOnlyDictionary<string, object?> resourceAttributes) => new()
    {
        TraceId = ToHex(span.TraceId),
        SpanId = ToHex(span.SpanId),
        ParentSpanId = span.ParentSpanId.IsEmpty ? null : ToHex(span.ParentSpanId),
        Name = span.Name,
        Kind = (ReceivedSpanKind)span.Kind,
        StartTime = FromUnixNanoseconds(span.StartTimeUnixNano),
        EndTime = FromUnixNanoseconds(span.EndTimeUnixNano),
        Attributes = AttributeConverter.ToDictionary(span.Attributes),
        StatusCode = (ReceivedStatusCode)(span.Status?.Code ?? Status.Types.StatusCode.Unset),
        StatusMessage = span.Status?.Message ?? string.Empty,
        Events = span.Events.Select(ToReceivedEvent).ToArray(),
        Links = span.Links.Select(ToReceivedLink).ToArray(),
        Flags = span.Flags,
        TraceState = span.TraceState,
        DroppedAttributesCount = span.DroppedAttributesCount,
        DroppedEventsCount = span.DroppedEventsCount,
        DroppedLinksCount = span.DroppedLinksCount,
        ScopeName = scopeName,
        ScopeVersion = scopeVersion,
        ResourceAttributes = resourceAttributes,
    };

    private static ReceivedSpanEvent ToReceivedEvent(Span.Types.Event spanEvent) => new()
    {
        Name = spanEvent.Name,
        Timestamp = FromUnixNanoseconds(spanEvent.TimeUnixNano),
        Attributes = AttributeConverter.ToDictionary(spanEvent.Attributes),
    };

    private static ReceivedSpanLink ToReceivedLink(Span.Types.Link link) => new()
    {
        TraceId = ToHex(link.TraceId),
        SpanId = ToHex(link.SpanId),
        TraceState = link.TraceState,
        Flags = link.Flags,
        Attributes = AttributeConverter.ToDictionary(link.Attributes),
    };

    private static string ToHex(ByteString id) => Convert.ToHexStringLower(id.Span);

    private static DateTimeOffset FromUnixNanoseconds(ulong nanoseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(nanoseconds / TimeSpan.NanosecondsPerTick));
}
