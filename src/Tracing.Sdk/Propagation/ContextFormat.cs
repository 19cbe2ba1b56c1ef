namespace Tracing.Sdk.Propagation;

/// <summary>A trace-context encoding; B3 reads both of its encodings whichever is configured.</summary>
internal enum ContextFormat
{
    TraceContext,
    B3,
}
