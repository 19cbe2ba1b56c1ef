namespace Tracing.Sdk.Testing;

/// <summary>
/// How the receiver answers export requests; set <see cref="OtlpReceiver.Behavior"/> at any time to simulate collector trouble.
/// </summary>
public sealed record OtlpReceiverBehavior
{
    /// <summary>Gets the default behavior: accept everything at once.</summary>
    public static OtlpReceiverBehavior Accept { get; } = new();

    /// <summary>Gets how requests are answered. Default: <see cref="OtlpReceiverMode.Accept"/>.</summary>
    public OtlpReceiverMode Mode { get; init; } = OtlpReceiverMode.Accept;

    /// <summary>
    /// Gets the delay the server asks the client to wait before retrying, sent with refusals as the HTTP
    /// <c>Retry-After</c> header (whole seconds) and as gRPC <c>google.rpc.RetryInfo</c>. Default: none.
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Gets how long the receiver waits before answering each request. Default: <see cref="TimeSpan.Zero"/>.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Creates a behavior that answers like a collector that is down.</summary>
    /// <param name="retryAfter">The retry delay to advertise, or <see langword="null"/> for none.</param>
    /// <returns>The behavior.</returns>
    public static OtlpReceiverBehavior Unavailable(TimeSpan? retryAfter = null) =>
        new() { Mode = OtlpReceiverMode.Unavailable, RetryAfter = retryAfter };

    /// <summary>Creates a behavior that answers like a throttling collector.</summary>
    /// <param name="retryAfter">The retry delay to advertise, or <see langword="null"/> for none.</param>
    /// <returns>The behavior.</returns>
    public static OtlpReceiverBehavior TooManyRequests(TimeSpan? retryAfter = null) =>
        new() { Mode = OtlpReceiverMode.TooManyRequests, RetryAfter = retryAfter };
}
