namespace Tracing.Sdk.Testing;

/// <summary>One export request that reached the receiver, whether it was accepted or not.</summary>
public sealed record ReceivedRequest
{
    /// <summary>Gets how the request arrived.</summary>
    public required ReceivedProtocol Protocol { get; init; }

    /// <summary>Gets the request path.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the request headers, keys case-insensitive, repeated values joined with a comma.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>Gets the size of the body on the wire, before decompression.</summary>
    public required long BodyBytes { get; init; }

    /// <summary>Gets a value indicating whether the body was gzip-compressed.</summary>
    public required bool Compressed { get; init; }

    /// <summary>Gets when the request arrived.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>
    /// Gets a value indicating whether the receiver accepted the spans; <see langword="false"/> when the current
    /// <see cref="OtlpReceiverBehavior"/> failed the request or the body could not be decoded.
    /// </summary>
    public required bool Accepted { get; init; }

    /// <summary>Gets the spans decoded from the body (also when the request was failed on purpose).</summary>
    public required IReadOnlyList<ReceivedSpan> Spans { get; init; }
}
