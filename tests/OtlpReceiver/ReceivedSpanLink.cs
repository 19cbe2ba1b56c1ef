namespace Tracing.Sdk.Testing;

/// <summary>A span link as the receiver decoded it.</summary>
public sealed record ReceivedSpanLink
{
    /// <summary>Gets the linked trace id, 32 lowercase hex characters.</summary>
    public required string TraceId { get; init; }

    /// <summary>Gets the linked span id, 16 lowercase hex characters.</summary>
    public required string SpanId { get; init; }

    /// <summary>Gets the W3C trace state of the link, empty when none.</summary>
    public required string TraceState { get; init; }

    /// <summary>Gets the OTLP link flags (W3C trace flags in bits 0-7, remote-parent bits 8-9).</summary>
    public required uint Flags { get; init; }

    /// <summary>Gets the link attributes, values converted as in <see cref="ReceivedSpan.Attributes"/>.</summary>
    public required IReadOnlyDictionary<string, object?> Attributes { get; init; }
}
