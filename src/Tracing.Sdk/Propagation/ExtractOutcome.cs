namespace Tracing.Sdk.Propagation;

/// <summary>What trace-context extraction found.</summary>
internal enum ExtractOutcome
{
    /// <summary>No usable context: the request starts a fresh trace that our sampler decides.</summary>
    None,

    /// <summary>A valid remote parent (its sampling decision may be deferred).</summary>
    Context,

    /// <summary>No parent but a deny decision (B3 deny-only): a new root that is not recorded, see <see cref="DenyOnlyDecision"/>.</summary>
    Denied,
}
