namespace Tracing.Sdk.Propagation;

/// <summary>What trace-context extraction found.</summary>
internal enum ExtractOutcome
{
    /// <summary>No usable context: the request starts a fresh trace that our sampler decides.</summary>
    None,

    /// <summary>A valid remote parent (its sampling decision may be deferred).</summary>
    Context,

    /// <summary>No parent but a deny decision: a fresh trace with the private denied flag.</summary>
    Denied,
}
