namespace Tracing.Sdk.Testing;

/// <summary>A span event as the receiver decoded it.</summary>
public sealed record ReceivedSpanEvent
{
    /// <summary>Gets the event name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets when the event happened.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the event attributes, values converted as in <see cref="ReceivedSpan.Attributes"/>.</summary>
    public required IReadOnlyDictionary<string, object?> Attributes { get; init; }
}
