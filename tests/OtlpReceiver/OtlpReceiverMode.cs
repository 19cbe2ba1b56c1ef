namespace Tracing.Sdk.Testing;

/// <summary>How the receiver answers export requests.</summary>
public enum OtlpReceiverMode
{
    /// <summary>Accept and record the spans: gRPC status 0 / HTTP 200.</summary>
    Accept,

    /// <summary>Refuse as a collector that is down: gRPC status 14 UNAVAILABLE / HTTP 503.</summary>
    Unavailable,

    /// <summary>Refuse as a throttling collector: gRPC status 8 RESOURCE_EXHAUSTED / HTTP 429.</summary>
    TooManyRequests,
}
