using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Tracing.Sdk.Propagation;

/// <summary>
/// Honours what a B3 caller could say but a <c>traceparent</c> cannot: with no sampling decision the configured
/// sampler decides as for a root (so a parent-based sampler does not read the missing decision as "not sampled"),
/// and a deny-only header drops the root created for it (<see cref="DenyOnlyDecision"/>). Everything else goes to the
/// configured sampler unchanged.
/// </summary>
internal sealed class PropagationSampler : Sampler
{
    private readonly Sampler _inner;

    public PropagationSampler(Sampler inner)
    {
        _inner = inner;
        Description = inner.Description;
    }

    public Sampler Inner => _inner;

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var parent = samplingParameters.ParentContext;

        // Taken by whatever is sampled next on this thread, so a deny never outlives the activity it was extracted for;
        // honoured only by the root that handles an incoming request or message (what follows an extraction).
        if (DenyOnlyDecision.Take() && parent.TraceId == default && samplingParameters.Kind is ActivityKind.Server or ActivityKind.Consumer)
        {
            return new SamplingResult(SamplingDecision.Drop);
        }

        if (parent.IsRemote)
        {
            var flags = (byte)parent.TraceFlags;
            if ((flags & TraceFlagBits.Deferred) != 0)
            {
                return _inner.ShouldSample(new SamplingParameters(
                    default,
                    samplingParameters.TraceId,
                    samplingParameters.Name,
                    samplingParameters.Kind,
                    samplingParameters.Tags,
                    samplingParameters.Links));
            }
        }

        return _inner.ShouldSample(in samplingParameters);
    }
}
