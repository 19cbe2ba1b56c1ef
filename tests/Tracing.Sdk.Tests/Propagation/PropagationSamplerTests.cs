using System.Diagnostics;
using OpenTelemetry.Trace;
using Tracing.Sdk.Propagation;

namespace Tracing.Sdk.Tests.Propagation;

public class PropagationSamplerTests
{
    private static SamplingParameters WithParent(byte flags, bool isRemote = true) => new(
        new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), (ActivityTraceFlags)flags, null, isRemote),
        ActivityTraceId.CreateRandom(),
        "span",
        ActivityKind.Server);

    [Fact]
    public void ShouldSample_DeferredRemoteParent_DecidedAsRoot()
    {
        var sampler = new PropagationSampler(new ParentBasedSampler(new AlwaysOnSampler()));
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(WithParent(TraceFlagBits.Deferred)).Decision);

        var never = new PropagationSampler(new ParentBasedSampler(new AlwaysOffSampler()));
        Assert.Equal(SamplingDecision.Drop, never.ShouldSample(WithParent(TraceFlagBits.Deferred)).Decision);
    }

    [Fact]
    public void ShouldSample_NotSampledRemoteParent_ParentRespected()
    {
        var sampler = new PropagationSampler(new ParentBasedSampler(new AlwaysOnSampler()));
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(WithParent(0)).Decision);
    }

    [Fact]
    public void ShouldSample_DeniedRemoteParent_Dropped()
    {
        var sampler = new PropagationSampler(new AlwaysOnSampler());
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(WithParent(TraceFlagBits.Denied | TraceFlagBits.Random)).Decision);
    }

    [Fact]
    public void ShouldSample_PrivateBitsOnLocalParent_Ignored()
    {
        var sampler = new PropagationSampler(new ParentBasedSampler(new AlwaysOnSampler()));
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(WithParent(TraceFlagBits.Denied | TraceFlagBits.Sampled, isRemote: false)).Decision);
    }

    [Fact]
    public void ShouldSample_DebugRemoteParent_SampledAsParentSampled()
    {
        var sampler = new PropagationSampler(new ParentBasedSampler(new AlwaysOffSampler()));
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(WithParent(TraceFlagBits.Debug | TraceFlagBits.Sampled)).Decision);
    }
}
