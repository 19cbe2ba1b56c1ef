namespace Tracing.Sdk;

/// <summary>
/// What to do with the trace context a caller sends. Maps to <c>K8sTracing:IncomingContext</c>.
/// </summary>
public enum IncomingTraceContext
{
    /// <summary>Continue the caller's trace (the default, for callers inside the cluster).</summary>
    Trust,

    /// <summary>Start a new root and forget the caller's context and baggage, as kube-apiserver does on its public endpoint.</summary>
    Ignore,

    /// <summary>Start a new root with a span link to the caller's context; the caller's baggage is dropped.</summary>
    Link,
}
