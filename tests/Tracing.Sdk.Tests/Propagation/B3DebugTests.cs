using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using OpenTelemetry.Trace;
using Tracing.Sdk.Propagation;
using static Tracing.Sdk.Tests.Propagation.PropagatorTestHelpers;

namespace Tracing.Sdk.Tests.Propagation;

/// <summary>
/// The OpenTelemetry specification's B3 requirement: a received debug flag is preserved and propagated with subsequent
/// requests, and sets the sampled flag. Each test extracts as ASP.NET Core does and starts real activities under its
/// own TracerProvider.
/// </summary>
public sealed class B3DebugTests : IDisposable
{
    private const string TraceId = "80f198ee56343ba864fe8b2a57d3eff7";
    private const string SpanId = "e457b5a2e4d86bd1";

    private readonly ActivitySource _source = new("B3DebugTests." + Guid.NewGuid().ToString("N"));
    private readonly List<ActivityTraceFlags> _exportedFlags = [];
    private readonly TracerProvider _provider;

    public B3DebugTests()
    {
        _provider = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .AddSource(_source.Name)
            .SetSampler(new PropagationSampler(new ParentBasedSampler(new AlwaysOnSampler())))
            .AddProcessor(new TraceFlagsProcessor())
            .AddProcessor(new FlagsRecorder(_exportedFlags))
            .Build()!;
    }

    public static TheoryData<Dictionary<string, string>> DebugHeaders => new()
    {
        new Dictionary<string, string> { ["b3"] = TraceId + "-" + SpanId + "-d" },
        new Dictionary<string, string> { ["x-b3-traceid"] = TraceId, ["x-b3-spanid"] = SpanId, ["x-b3-flags"] = "1" },
        new Dictionary<string, string> { ["x-b3-traceid"] = TraceId, ["x-b3-spanid"] = SpanId, ["x-b3-flags"] = "1", ["x-b3-sampled"] = "0" },
    };

    public void Dispose()
    {
        _provider.Dispose();
        _source.Dispose();
    }

    [Theory]
    [MemberData(nameof(DebugHeaders))]
    public void Extract_B3Debug_SampledAndDebugBits(Dictionary<string, string> headers)
    {
        var context = ExtractTextMap(Codec("b3"), headers).ActivityContext;
        Assert.Equal(TraceFlagBits.Sampled | TraceFlagBits.Debug, (byte)context.TraceFlags);
    }

    [Theory]
    [MemberData(nameof(DebugHeaders))]
    public void Inject_ChildOfDebugServerSpan_SingleHeaderEndsInD(Dictionary<string, string> headers)
    {
        using var server = StartServer(Codec("b3"), headers);
        using var client = _source.StartActivity("client", ActivityKind.Client)!;

        var b3 = InjectDistributed(Codec("b3"), client)["b3"];
        Assert.Equal(TraceId + "-" + client.SpanId.ToHexString() + "-d", b3);
    }

    [Theory]
    [MemberData(nameof(DebugHeaders))]
    public void Inject_ChildOfDebugServerSpan_MultiHeaderFlagsWithoutSampled(Dictionary<string, string> headers)
    {
        using var server = StartServer(Codec("b3multi"), headers);
        using var client = _source.StartActivity("client", ActivityKind.Client)!;

        var injected = InjectDistributed(Codec("b3multi"), client);
        Assert.Equal(TraceId, injected["x-b3-traceid"]);
        Assert.Equal(client.SpanId.ToHexString(), injected["x-b3-spanid"]);
        Assert.Equal("1", injected["x-b3-flags"]);
        Assert.False(injected.ContainsKey("x-b3-sampled"));
    }

    [Fact]
    public void Inject_DebugTraceAsW3C_SampledOnly()
    {
        using var server = StartServer(Codec("b3", "tracecontext"), new() { ["b3"] = TraceId + "-" + SpanId + "-d" });
        using var client = _source.StartActivity("client", ActivityKind.Client)!;

        var injected = InjectDistributed(Codec("tracecontext", "b3"), client);
        Assert.Equal("00-" + TraceId + "-" + client.SpanId.ToHexString() + "-01", injected["traceparent"]);
        Assert.EndsWith("-d", injected["b3"], StringComparison.Ordinal);
    }

    [Fact]
    public void OnStart_DebugRemoteParent_BitMovedOffExportedFlags()
    {
        using (var server = StartServer(Codec("b3"), new() { ["b3"] = TraceId + "-" + SpanId + "-d" }))
        {
            Assert.Equal(ActivityTraceFlags.Recorded, server.ActivityTraceFlags);
            Assert.EndsWith("-01", server.Id, StringComparison.Ordinal);
            Assert.True(B3Debug.IsSet(server));
        }

        Assert.Equal([ActivityTraceFlags.Recorded], _exportedFlags);
    }

    [Fact]
    public void Inject_SampledWithoutDebug_SampledWritten()
    {
        using var server = StartServer(Codec("b3"), new() { ["b3"] = TraceId + "-" + SpanId + "-1" });
        using var client = _source.StartActivity("client", ActivityKind.Client)!;

        Assert.EndsWith("-1", InjectDistributed(Codec("b3"), client)["b3"], StringComparison.Ordinal);
        var multi = InjectDistributed(Codec("b3multi"), client);
        Assert.Equal("1", multi["x-b3-sampled"]);
        Assert.False(multi.ContainsKey("x-b3-flags"));
    }

    [Fact]
    public void Inject_NewTraceAfterDebugTrace_NoDebug()
    {
        using (StartServer(Codec("b3"), new() { ["b3"] = TraceId + "-" + SpanId + "-d" }))
        {
        }

        using var root = _source.StartActivity("root")!;
        Assert.EndsWith("-1", InjectDistributed(Codec("b3"), root)["b3"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("b3")]
    [InlineData("b3multi")]
    public void Inject_ExtractedDebugContextByHand_DebugRoundTrips(string format)
    {
        var codec = Codec(format);
        var extracted = ExtractTextMap(codec, new() { ["b3"] = TraceId + "-" + SpanId + "-d" });
        var injected = InjectTextMap(codec, extracted);

        if (format == "b3")
        {
            Assert.Equal(TraceId + "-" + SpanId + "-d", injected["b3"]);
        }
        else
        {
            Assert.Equal("1", injected["x-b3-flags"]);
            Assert.False(injected.ContainsKey("x-b3-sampled"));
        }
    }

    [Fact]
    public void Inject_CurrentActivityContextOfDebugTraceByHand_DebugWritten()
    {
        using var server = StartServer(Codec("b3"), new() { ["b3"] = TraceId + "-" + SpanId + "-d" });
        using var consumer = _source.StartActivity("publish", ActivityKind.Producer)!;

        var injected = InjectTextMap(Codec("b3"), new PropagationContext(Activity.Current!.Context, default));
        Assert.Equal(TraceId + "-" + consumer.SpanId.ToHexString() + "-d", injected["b3"]);
    }

    [Fact]
    public void Inject_DebugRootNotSeenByProcessor_BitOnRootStillFound()
    {
        using var source = new ActivitySource("B3DebugTests.NoProvider." + Guid.NewGuid().ToString("N"));
        using var listener = new ActivityListener
        {
            ShouldListenTo = candidate => candidate == source,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var parent = ExtractTextMap(Codec("b3"), new() { ["b3"] = TraceId + "-" + SpanId + "-d" }).ActivityContext;

        using var server = source.StartActivity("server", ActivityKind.Server, parent)!;
        using var client = source.StartActivity("client", ActivityKind.Client)!;

        var injected = InjectDistributed(Codec("tracecontext", "b3"), client);
        Assert.EndsWith("-d", injected["b3"], StringComparison.Ordinal);
        Assert.EndsWith("-01", injected["traceparent"], StringComparison.Ordinal);
    }

    /// <summary>Extracts as ASP.NET Core does (a <c>traceparent</c> string parsed by .NET) and starts the server span.</summary>
    private Activity StartServer(PropagationCodec codec, Dictionary<string, string> headers)
    {
        var (traceParent, traceState) = ExtractDistributed(codec, headers);
        Assert.True(ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent));
        return _source.StartActivity("server", ActivityKind.Server, parent)!;
    }

    private sealed class FlagsRecorder(List<ActivityTraceFlags> flags) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => flags.Add(data.ActivityTraceFlags);
    }
}
