using OpenTelemetry.Trace;

namespace Tracing.Sdk.Propagation;

/// <summary>
/// Honours what a B3 caller could say but a <c>traceparent</c> cannot: with no sampling decision the configured
/// sampler decides as for a root (so a parent-based sampler does not read the missing decision as "not sampled"),
/// and a deny-only header drops the trace. Everything else goes to the configured sampler unchanged.
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
        if (parent.IsRemote)
        {
            var flags = (byte)parent.TraceFlags;
            if ((flags & TraceFlagBits.Denied) != 0)
            {
                return new SamplingResult(SamplingDecision.Drop);
            }

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
