using System.Globalization;

namespace Tracing.Sdk.Testing;

/// <summary>
/// One span as the receiver decoded it from OTLP, flattened with its scope and resource so a test can assert on it alone.
/// </summary>
public sealed record ReceivedSpan
{
    /// <summary>Gets the trace id, 32 lowercase hex characters.</summary>
    public required string TraceId { get; init; }

    /// <summary>Gets the span id, 16 lowercase hex characters.</summary>
    public required string SpanId { get; init; }

    /// <summary>Gets the parent span id, 16 lowercase hex characters, or <see langword="null"/> for a root span.</summary>
    public required string? ParentSpanId { get; init; }

    /// <summary>Gets the span name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the span kind.</summary>
    public required ReceivedSpanKind Kind { get; init; }

    /// <summary>Gets when the span started.</summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>Gets when the span ended.</summary>
    public required DateTimeOffset EndTime { get; init; }

    /// <summary>
    /// Gets the span attributes. Values are <see cref="string"/>, <see cref="bool"/>, <see cref="long"/>, <see cref="double"/>,
    /// <c>byte[]</c>, <c>object?[]</c> for arrays, a nested dictionary for key/value lists, or <see langword="null"/> when empty.
    /// </summary>
    public required IReadOnlyDictionary<string, object?> Attributes { get; init; }

    /// <summary>Gets the status code.</summary>
    public required ReceivedStatusCode StatusCode { get; init; }

    /// <summary>Gets the status message, empty when none.</summary>
    public required string StatusMessage { get; init; }

    /// <summary>Gets the span events, in the order they were sent.</summary>
    public required IReadOnlyList<ReceivedSpanEvent> Events { get; init; }

    /// <summary>Gets the span links, in the order they were sent.</summary>
    public required IReadOnlyList<ReceivedSpanLink> Links { get; init; }

    /// <summary>Gets the OTLP span flags (W3C trace flags in bits 0-7, remote-parent bits 8-9).</summary>
    public required uint Flags { get; init; }

    /// <summary>Gets the W3C trace state, empty when none.</summary>
    public required string TraceState { get; init; }

    /// <summary>Gets how many attributes the sender dropped.</summary>
    public required uint DroppedAttributesCount { get; init; }

    /// <summary>Gets how many events the sender dropped.</summary>
    public required uint DroppedEventsCount { get; init; }

    /// <summary>Gets how many links the sender dropped.</summary>
    public required uint DroppedLinksCount { get; init; }

    /// <summary>Gets the name of the instrumentation scope (the ActivitySource) that produced the span.</summary>
    public required string ScopeName { get; init; }

    /// <summary>Gets the version of the instrumentation scope, empty when none.</summary>
    public required string ScopeVersion { get; init; }

    /// <summary>Gets the attributes of the resource the span was sent under, converted as <see cref="Attributes"/>.</summary>
    public required IReadOnlyDictionary<string, object?> ResourceAttributes { get; init; }

    /// <summary>Gets the span duration.</summary>
    public TimeSpan Duration => EndTime - StartTime;

    /// <summary>Returns <c>traceId spanId parent name kind</c>, with <c>-</c> for a root span's parent.</summary>
    /// <returns>The one-line form of the span.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{TraceId} {SpanId} {ParentSpanId ?? "-"} {Name} {Kind}");
}
