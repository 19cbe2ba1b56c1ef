namespace Tracing.Sdk.Testing;

/// <summary>The kind of a received span; the values are the OTLP <c>Span.SpanKind</c> numbers.</summary>
public enum ReceivedSpanKind
{
    /// <summary><c>SPAN_KIND_UNSPECIFIED</c>: the sender did not say.</summary>
    Unspecified = 0,

    /// <summary><c>SPAN_KIND_INTERNAL</c>.</summary>
    Internal = 1,

    /// <summary><c>SPAN_KIND_SERVER</c>.</summary>
    Server = 2,

    /// <summary><c>SPAN_KIND_CLIENT</c>.</summary>
    Client = 3,

    /// <summary><c>SPAN_KIND_PRODUCER</c>.</summary>
    Producer = 4,

    /// <summary><c>SPAN_KIND_CONSUMER</c>.</summary>
    Consumer = 5,
}
