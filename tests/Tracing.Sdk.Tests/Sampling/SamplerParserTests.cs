using System.Diagnostics;
using OpenTelemetry.Trace;
using Tracing.Sdk.Configuration;
using Tracing.Sdk.Sampling;

namespace Tracing.Sdk.Tests.Sampling;

public class SamplerParserTests
{
    [Theory]
    [InlineData("always_on", typeof(AlwaysOnSampler))]
    [InlineData("always_off", typeof(AlwaysOffSampler))]
    [InlineData("traceidratio", typeof(TraceIdRatioBasedSampler))]
    [InlineData("parentbased_always_on", typeof(ParentBasedSampler))]
    [InlineData("parentbased_always_off", typeof(ParentBasedSampler))]
    [InlineData("parentbased_traceidratio", typeof(ParentBasedSampler))]
    [InlineData(" ALWAYS_ON ", typeof(AlwaysOnSampler))]
    public void Parse_KnownName_BuildsThatSampler(string name, Type expected)
    {
        var diagnostics = new SetupDiagnostics();

        Assert.IsType(expected, SamplerParser.Parse(name, "0.5", diagnostics));
        Assert.Empty(diagnostics.Warnings);
    }

    [Theory]
    [InlineData("jaeger_remote")]
    [InlineData("xray")]
    [InlineData("sometimes")]
    public void Parse_UnknownName_WarnsAndReturnsNull(string name)
    {
        var diagnostics = new SetupDiagnostics();

        Assert.Null(SamplerParser.Parse(name, null, diagnostics));
        Assert.Contains(diagnostics.Warnings, w => w.StartsWith("OTEL_TRACES_SAMPLER:", StringComparison.Ordinal) && w.Contains(name, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("half")]
    [InlineData("NaN")]
    public void Parse_BadRatio_WarnsAndUsesOne(string argument)
    {
        var diagnostics = new SetupDiagnostics();

        var sampler = SamplerParser.Parse("traceidratio", argument, diagnostics);

        Assert.Equal(new TraceIdRatioBasedSampler(1.0).Description, Assert.IsType<TraceIdRatioBasedSampler>(sampler).Description);
        Assert.Contains(diagnostics.Warnings, w => w.StartsWith("OTEL_TRACES_SAMPLER_ARG:", StringComparison.Ordinal));
    }

    [Fact]
    public void FromRatePerMillion_RespectsParentDecision()
    {
        var sampler = SamplerParser.FromRatePerMillion(0);
        var sampledParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        var unsampledParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);

        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(new SamplingParameters(sampledParent, sampledParent.TraceId, "x", ActivityKind.Server)).Decision);
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), "x", ActivityKind.Server)).Decision);
        Assert.Equal(SamplingDecision.Drop, SamplerParser.FromRatePerMillion(1_000_000).ShouldSample(new SamplingParameters(unsampledParent, unsampledParent.TraceId, "x", ActivityKind.Server)).Decision);
    }

    [Fact]
    public void FromRatePerMillion_Million_RecordsEveryRoot()
    {
        var sampler = SamplerParser.FromRatePerMillion(1_000_000);

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), "x", ActivityKind.Server)).Decision);
        }
    }
}
