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

    private static SamplingParameters Root(ActivityKind kind) => new(default, ActivityTraceId.CreateRandom(), "span", kind);

    private static void ExtractDenyOnly() =>
        PropagatorTestHelpers.ExtractDistributed(PropagatorTestHelpers.Codec("b3"), new() { ["b3"] = "0" });

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

    [Theory]
    [InlineData(ActivityKind.Server)]
    [InlineData(ActivityKind.Consumer)]
    public void ShouldSample_RootAfterDenyOnlyExtraction_Dropped(ActivityKind kind)
    {
        var sampler = new PropagationSampler(new AlwaysOnSampler());
        ExtractDenyOnly();

        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Root(kind)).Decision);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Root(kind)).Decision); // one decision only
    }

    [Theory]
    [InlineData(ActivityKind.Internal)]
    [InlineData(ActivityKind.Client)]
    public void ShouldSample_OtherRootAfterDenyOnlyExtraction_DenyTakenNotApplied(ActivityKind kind)
    {
        var sampler = new PropagationSampler(new AlwaysOnSampler());
        ExtractDenyOnly();

        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Root(kind)).Decision);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Root(ActivityKind.Server)).Decision);
    }

    [Fact]
    public void ShouldSample_ChildAfterDenyOnlyExtraction_DenyTakenNotApplied()
    {
        var sampler = new PropagationSampler(new ParentBasedSampler(new AlwaysOnSampler()));
        ExtractDenyOnly();

        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(WithParent(TraceFlagBits.Sampled, isRemote: false)).Decision);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Root(ActivityKind.Server)).Decision);
    }

    [Fact]
    public void ShouldSample_PrivateBitsOnLocalParent_Ignored()
    {
        var sampler = new PropagationSampler(new ParentBasedSampler(new AlwaysOnSampler()));
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(WithParent(TraceFlagBits.Deferred | TraceFlagBits.Sampled, isRemote: false)).Decision);
    }

    [Fact]
    public void ShouldSample_DebugRemoteParent_SampledAsParentSampled()
    {
        var sampler = new PropagationSampler(new ParentBasedSampler(new AlwaysOffSampler()));
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(WithParent(TraceFlagBits.Debug | TraceFlagBits.Sampled)).Decision);
    }
}
