using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using OpenTelemetry.Trace;
using Tracing.Sdk.Configuration;
using Tracing.Sdk.Propagation;
using static Tracing.Sdk.Tests.Propagation.PropagatorTestHelpers;

namespace Tracing.Sdk.Tests.Propagation;

public class PropagationCodecTests
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string SpanId = "b7ad6b7169203331";
    private const string B3TraceId = "80f198ee56343ba864fe8b2a57d3eff7";
    private const string B3SpanId = "e457b5a2e4d86bd1";
    private const string TraceParent = "00-" + TraceId + "-" + SpanId + "-01";

    [Fact]
    public void CreateCodec_UnknownName_WarnedAndSkipped()
    {
        var diagnostics = new SetupDiagnostics();
        PropagationSetup.CreateCodec(["tracecontext", "xray", "b3", "b3", "none"], diagnostics, out var names);
        Assert.Equal(["tracecontext", "b3"], names);
        Assert.Single(diagnostics.Warnings);
        Assert.Contains("xray", diagnostics.Warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_Default_TraceContextAndBaggage()
    {
        Assert.Equal(["traceparent", "tracestate", "baggage"], Codec("tracecontext", "baggage").Fields);
    }

    [Fact]
    public void Extract_None_NothingExtracted()
    {
        var codec = Codec("none");
        Assert.Equal(default, ExtractTextMap(codec, new() { ["traceparent"] = TraceParent, ["baggage"] = "a=1" }));
        Assert.Null(ExtractDistributed(codec, new() { ["traceparent"] = TraceParent }).TraceParent);
        Assert.Empty(InjectTextMap(codec, new PropagationContext(new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded), default)));
    }

    [Fact]
    public void Extract_CanonicalTraceParent_ReturnedWithoutCopy()
    {
        var headers = new Dictionary<string, string> { ["traceparent"] = TraceParent, ["tracestate"] = "congo=t61rcWkgMzE" };
        var (traceParent, traceState) = ExtractDistributed(Codec("tracecontext"), headers);
        Assert.Same(headers["traceparent"], traceParent);
        Assert.Same(headers["tracestate"], traceState);
    }

    [Fact]
    public void Extract_InvalidTraceState_TraceParentKeptTraceStateDropped()
    {
        var (traceParent, traceState) = ExtractDistributed(Codec("tracecontext"), new() { ["traceparent"] = TraceParent, ["tracestate"] = "Bad=1" });
        Assert.Equal(TraceParent, traceParent);
        Assert.Null(traceState);
    }

    [Fact]
    public void Extract_InvalidTraceParent_TraceStateIgnored()
    {
        var (traceParent, traceState) = ExtractDistributed(Codec("tracecontext"), new() { ["traceparent"] = "00-bad", ["tracestate"] = "a=1" });
        Assert.Null(traceParent);
        Assert.Null(traceState);
    }

    [Fact]
    public void Extract_BothB3Encodings_SingleHeaderPreferred()
    {
        var headers = new Dictionary<string, string>
        {
            ["b3"] = B3TraceId + "-" + B3SpanId + "-1",
            ["x-b3-traceid"] = TraceId,
            ["x-b3-spanid"] = SpanId,
            ["x-b3-sampled"] = "0",
        };
        Assert.Equal("00-" + B3TraceId + "-" + B3SpanId + "-01", ExtractDistributed(Codec("b3multi"), headers).TraceParent);
    }

    [Theory]
    [InlineData("b3")]
    [InlineData("b3multi")]
    public void Extract_EitherB3Configured_BothEncodingsRead(string configured)
    {
        var codec = Codec(configured);
        Assert.NotNull(ExtractDistributed(codec, new() { ["b3"] = B3TraceId + "-" + B3SpanId }).TraceParent);
        Assert.NotNull(ExtractDistributed(codec, new() { ["x-b3-traceid"] = B3TraceId, ["x-b3-spanid"] = B3SpanId }).TraceParent);
    }

    [Fact]
    public void Extract_InvalidSingleValidMulti_MultiUsed()
    {
        var headers = new Dictionary<string, string> { ["b3"] = "garbage", ["x-b3-traceid"] = B3TraceId, ["x-b3-spanid"] = B3SpanId, ["x-b3-sampled"] = "1" };
        Assert.Equal("00-" + B3TraceId + "-" + B3SpanId + "-01", ExtractDistributed(Codec("b3"), headers).TraceParent);
    }

    [Theory]
    [InlineData(new[] { "tracecontext", "b3" }, TraceId)]
    [InlineData(new[] { "b3", "tracecontext" }, B3TraceId)]
    [InlineData(new[] { "b3multi", "tracecontext" }, B3TraceId)]
    public void Extract_BothFormatsPresent_FirstConfiguredWins(string[] names, string expectedTraceId)
    {
        var headers = new Dictionary<string, string> { ["traceparent"] = TraceParent, ["b3"] = B3TraceId + "-" + B3SpanId + "-1" };
        Assert.Equal(expectedTraceId, ExtractTextMap(Codec(names), headers).ActivityContext.TraceId.ToHexString());
    }

    [Fact]
    public void Extract_FirstFormatInvalid_NextValidUsed()
    {
        var headers = new Dictionary<string, string> { ["traceparent"] = "00-nope", ["b3"] = B3TraceId + "-" + B3SpanId + "-1" };
        Assert.Equal(B3TraceId, ExtractTextMap(Codec("tracecontext", "b3"), headers).ActivityContext.TraceId.ToHexString());
    }

    [Theory]
    [InlineData("b3", "0", null, null)]
    [InlineData("x-b3-sampled", "0", null, null)]
    [InlineData("x-b3-sampled", "false", null, null)]
    [InlineData("x-b3-sampled", "0", "x-b3-spanid", B3SpanId)] // a span id without a trace id names no parent either
    public void Extract_B3DenyOnly_NoParentInvented(string name, string value, string? otherName, string? otherValue)
    {
        var headers = new Dictionary<string, string> { [name] = value };
        if (otherName is not null)
        {
            headers[otherName] = otherValue!;
        }

        try
        {
            Assert.Equal(default, ExtractTextMap(Codec("tracecontext", "b3"), headers).ActivityContext);
            Assert.Null(ExtractDistributed(Codec("tracecontext", "b3multi"), headers).TraceParent);
        }
        finally
        {
            DenyOnlyDecision.Clear();
        }
    }

    [Theory]
    [InlineData(new[] { "0", "1" }, "00")]
    [InlineData(new[] { "1", "0" }, "01")]
    [InlineData(new[] { "0, 1" }, "00")]
    [InlineData(new[] { "false,true" }, "00")]
    public void Extract_RepeatedB3Sampled_FirstValueWins(string[] sampled, string flags)
    {
        var headers = new Dictionary<string, string[]> { ["x-b3-traceid"] = [B3TraceId], ["x-b3-spanid"] = [B3SpanId], ["x-b3-sampled"] = sampled };
        var expected = "00-" + B3TraceId + "-" + B3SpanId + "-" + flags;
        Assert.Equal(expected, ExtractDistributedLines(Codec("b3multi"), headers).TraceParent);
        var context = ExtractTextMapLines(Codec("b3multi"), headers).ActivityContext;
        Assert.Equal(expected, "00-" + context.TraceId.ToHexString() + "-" + context.SpanId.ToHexString() + "-" + ((byte)context.TraceFlags).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void StartActivity_AfterB3DenyOnly_UnrecordedRootAndDenyInjected()
    {
        using var source = new ActivitySource(nameof(StartActivity_AfterB3DenyOnly_UnrecordedRootAndDenyInjected));
        using var provider = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .SetSampler(new PropagationSampler(new AlwaysOnSampler())) // not parent-based: the deny alone drops it
            .AddProcessor(new TraceFlagsProcessor())
            .Build();
        var codec = Codec("tracecontext", "b3", "b3multi");

        using var activity = StartLikeAspNetCore(source, new K8sDistributedContextPropagator(codec), new() { ["b3"] = "0" });

        Assert.NotNull(activity);
        Assert.Equal(default, activity.ParentSpanId);
        Assert.False(activity.HasRemoteParent);
        Assert.False(activity.Recorded);
        var outgoing = InjectDistributed(codec, activity);
        Assert.Matches("^00-" + activity.TraceId.ToHexString() + "-" + activity.SpanId.ToHexString() + "-0[02]$", outgoing["traceparent"]);
        Assert.EndsWith("-0", outgoing["b3"], StringComparison.Ordinal);
        Assert.Equal("0", outgoing["x-b3-sampled"]);
    }

    [Fact]
    public void StartActivity_RootAfterDeniedRoot_DecidedBySampler()
    {
        using var source = new ActivitySource(nameof(StartActivity_RootAfterDeniedRoot_DecidedBySampler));
        using var provider = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .SetSampler(new PropagationSampler(new AlwaysOnSampler()))
            .Build();
        var propagator = new K8sDistributedContextPropagator(Codec("b3"));

        using (StartLikeAspNetCore(source, propagator, new() { ["b3"] = "0" }))
        {
        }

        using var next = source.StartActivity("background", ActivityKind.Server);
        using var afterTrusted = StartLikeAspNetCore(source, propagator, new() { ["b3"] = B3TraceId + "-" + B3SpanId + "-1" });
        Assert.True(next!.Recorded);
        Assert.True(afterTrusted!.Recorded);
    }

    [Fact]
    public void StartActivity_DenyThenExtractionWithContext_DenyForgotten()
    {
        using var source = new ActivitySource(nameof(StartActivity_DenyThenExtractionWithContext_DenyForgotten));
        using var provider = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .SetSampler(new PropagationSampler(new AlwaysOnSampler()))
            .Build();
        var propagator = new K8sTextMapPropagator(Codec("tracecontext", "b3"));

        propagator.Extract(default, new Dictionary<string, string> { ["b3"] = "0" }, static (carrier, name) => carrier.TryGetValue(name, out var value) ? [value] : null);
        propagator.Extract(default, new Dictionary<string, string>(), static (carrier, name) => carrier.TryGetValue(name, out var value) ? [value] : null);
        using var root = source.StartActivity("message", ActivityKind.Consumer);

        Assert.True(root!.Recorded);
    }

    /// <summary>The <c>tracestate</c> cases of the W3C harness (w3c/trace-context <c>test/test.py</c>), one row per request it sends.</summary>
    public static TheoryData<string[], string?> HarnessTraceStateCases()
    {
        var key256 = new string('z', 256);
        var allKeyChars = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";
        var allValueChars = string.Concat(Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).Where(c => c is not (',' or '=')));
        return new()
        {
            // included_traceparent_included, header_name_valid_casing
            { ["foo=1,bar=2"], "foo=1,bar=2" },
            { ["foo=1"], "foo=1" },

            // empty_header
            { [""], null },
            { ["foo=1", ""], "foo=1" },
            { ["", "foo=1"], "foo=1" },

            // multiple_headers_different_keys
            { ["foo=1,bar=2", "rojo=1,congo=2", "baz=3"], "foo=1,bar=2,rojo=1,congo=2,baz=3" },

            // duplicated_keys: inherited, the first member of a repeated key kept
            { ["foo=1,foo=1"], "foo=1" },
            { ["foo=1,foo=2"], "foo=1" },
            { ["foo=1", "foo=1"], "foo=1" },
            { ["foo=1", "foo=2"], "foo=1" },

            // all_allowed_characters
            { [allKeyChars + "=" + allValueChars], allKeyChars + "=" + allValueChars },
            { [allKeyChars + "@a-z0-9_-*/=" + allValueChars], allKeyChars + "@a-z0-9_-*/=" + allValueChars },

            // ows_handling
            { ["foo=1 \t , \t bar=2, \t baz=3"], "foo=1,bar=2,baz=3" },
            { ["foo=1\t \t,\t \tbar=2,\t \tbaz=3"], "foo=1,bar=2,baz=3" },
            { [" foo=1"], "foo=1" },
            { ["\tfoo=1"], "foo=1" },
            { ["foo=1 "], "foo=1" },
            { ["foo=1\t"], "foo=1" },
            { ["\t foo=1 \t"], "foo=1" },

            // key_illegal_characters
            { ["foo =1"], null },
            { ["FOO=1"], null },
            { ["foo.bar=1"], null },

            // key_illegal_vendor_format: Level 2 keys with '@' are inherited, a key starting with '@' is not
            { ["foo@=1,bar=2"], "foo@=1,bar=2" },
            { ["@foo=1,bar=2"], null },
            { ["foo@@bar=1,bar=2"], "foo@@bar=1,bar=2" },
            { ["foo@bar@baz=1,bar=2"], "foo@bar@baz=1,bar=2" },

            // member_count_limit
            { [Members(1, 10), Members(11, 20), Members(21, 30), Members(31, 32)], Members(1, 32) },
            { [Members(1, 10), Members(11, 20), Members(21, 30), Members(31, 33)], null },

            // key_length_limit
            { ["foo=1", key256 + "=1"], "foo=1," + key256 + "=1" },
            { ["foo=1", new string('z', 257) + "=1"], null },
            { ["foo=1", new string('t', 241) + "@" + new string('v', 14) + "=1"], "foo=1," + new string('t', 241) + "@" + new string('v', 14) + "=1" },
            { ["foo=1", new string('t', 242) + "@v=1"], "foo=1," + new string('t', 242) + "@v=1" },
            { ["foo=1", "t@" + new string('v', 15) + "=1"], "foo=1,t@" + new string('v', 15) + "=1" },

            // value_illegal_characters
            { ["foo=bar=baz"], null },
            { ["foo=,bar=3"], null },
        };

        static string Members(int first, int last) =>
            string.Join(',', Enumerable.Range(first, last - first + 1).Select(i => $"bar{i:00}={i:00}"));
    }

    [Theory]
    [MemberData(nameof(HarnessTraceStateCases))]
    public void Extract_W3CHarnessTraceState_InheritedPerLevel2(string[] lines, string? expected)
    {
        var headers = new Dictionary<string, string[]> { ["traceparent"] = ["00-12345678901234567890123456789012-1234567890123456-00"], ["tracestate"] = lines };
        var codec = Codec("tracecontext");

        Assert.Equal(expected, Normalize(ExtractDistributedLines(codec, headers).TraceState));
        Assert.Equal(expected, Normalize(ExtractTextMapLines(codec, headers).ActivityContext.TraceState));
        Assert.Equal(expected, Normalize(InjectTextMap(codec, ExtractTextMapLines(codec, headers)).GetValueOrDefault("tracestate")));

        // Members compared without the optional white space around them, which may or may not be propagated.
        static string? Normalize(string? traceState) =>
            traceState is null ? null : string.Join(',', traceState.Split(',').Select(m => m.Trim(' ', '\t')).Where(m => m.Length > 0));
    }

    /// <summary>What ASP.NET Core's ActivityCreator does for an incoming request: extract, then create the server activity.</summary>
    private static Activity? StartLikeAspNetCore(ActivitySource source, DistributedContextPropagator propagator, Dictionary<string, string> headers)
    {
        propagator.ExtractTraceIdAndState(headers, static (object? carrier, string name, out string? value, out IEnumerable<string>? values) =>
        {
            values = null;
            value = ((Dictionary<string, string>)carrier!).TryGetValue(name, out var found) ? found : null;
        }, out var traceParent, out var traceState);
        var activity = ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent)
            ? source.CreateActivity("request", ActivityKind.Server, parent)
            : source.CreateActivity("request", ActivityKind.Server, parentId: null);
        return activity?.Start();
    }

    [Fact]
    public void Extract_B3DenyOnlyAndValidTraceParent_TraceParentWins()
    {
        var context = ExtractTextMap(Codec("b3", "tracecontext"), new() { ["b3"] = "0", ["traceparent"] = TraceParent }).ActivityContext;
        Assert.Equal(TraceId, context.TraceId.ToHexString());
    }

    [Fact]
    public void Extract_B3WithoutDecision_DeferredFlag()
    {
        var context = ExtractTextMap(Codec("b3"), new() { ["b3"] = B3TraceId + "-" + B3SpanId }).ActivityContext;
        Assert.Equal(TraceFlagBits.Deferred, (byte)context.TraceFlags);
    }

    [Fact]
    public void Extract_TextMapAndDistributed_Agree()
    {
        var cases = new[]
        {
            new Dictionary<string, string> { ["traceparent"] = TraceParent, ["tracestate"] = "a=1" },
            new Dictionary<string, string> { ["traceparent"] = "cc-" + TraceId + "-" + SpanId + "-03-x" },
            new Dictionary<string, string> { ["b3"] = "a3ce929d0e0e4736-" + B3SpanId + "-d" },
            new Dictionary<string, string> { ["x-b3-traceid"] = B3TraceId, ["x-b3-spanid"] = B3SpanId },
        };
        var codec = Codec("tracecontext", "b3");
        foreach (var headers in cases)
        {
            var textMap = ExtractTextMap(codec, headers).ActivityContext;
            var (traceParent, traceState) = ExtractDistributed(codec, headers);
            Assert.True(ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var distributed));
            Assert.Equal(textMap, distributed);
        }
    }

    [Fact]
    public void Extract_TwoTraceParentValues_NoContext()
    {
        var context = new K8sTextMapPropagator(Codec("tracecontext")).Extract(default, TraceParent, static (value, name) =>
            name == "traceparent" ? [value, value] : null);
        Assert.Equal(default, context.ActivityContext);
    }

    [Fact]
    public void Extract_TwoTraceStateValues_Joined()
    {
        var context = new K8sTextMapPropagator(Codec("tracecontext")).Extract(default, TraceParent, static (value, name) =>
            name == "traceparent" ? [value] : name == "tracestate" ? ["a=1", "b=2"] : null);
        Assert.Equal("a=1,b=2", context.ActivityContext.TraceState);
    }

    [Fact]
    public void Extract_Baggage_AvailableThroughBaggageApi()
    {
        var context = ExtractTextMap(Codec("tracecontext", "baggage"), new() { ["baggage"] = "user=alice,tenant=a%20b" });
        Assert.Equal("alice", context.Baggage.GetBaggage("user"));
        Assert.Equal("a b", context.Baggage.GetBaggage("tenant"));
    }

    [Fact]
    public void Inject_AllConfiguredFormats_Written()
    {
        var context = new ActivityContext(ActivityTraceId.CreateFromString(TraceId), ActivitySpanId.CreateFromString(SpanId), ActivityTraceFlags.Recorded, "a=1");
        var headers = InjectTextMap(Codec("tracecontext", "baggage", "b3", "b3multi"), new PropagationContext(context, Baggage.Create(new Dictionary<string, string> { ["k"] = "v 1" })));
        Assert.Equal(TraceParent, headers["traceparent"]);
        Assert.Equal("a=1", headers["tracestate"]);
        Assert.Equal(TraceId + "-" + SpanId + "-1", headers["b3"]);
        Assert.Equal(TraceId, headers["x-b3-traceid"]);
        Assert.Equal(SpanId, headers["x-b3-spanid"]);
        Assert.Equal("1", headers["x-b3-sampled"]);
        Assert.Equal("k=v%201", headers["baggage"]);
        Assert.False(headers.ContainsKey("x-b3-parentspanid"));
    }

    [Fact]
    public void Inject_PrivateAndUnknownFlags_NeverWritten()
    {
        var context = new ActivityContext(ActivityTraceId.CreateFromString(TraceId), ActivitySpanId.CreateFromString(SpanId), (ActivityTraceFlags)0xC3);
        var headers = InjectTextMap(Codec("tracecontext", "b3"), new PropagationContext(context, default));
        Assert.Equal("00-" + TraceId + "-" + SpanId + "-03", headers["traceparent"]);
        Assert.Equal(TraceId + "-" + SpanId + "-1", headers["b3"]);
    }

    [Fact]
    public void Inject_InvalidTraceState_NotWritten()
    {
        var context = new ActivityContext(ActivityTraceId.CreateFromString(TraceId), ActivitySpanId.CreateFromString(SpanId), ActivityTraceFlags.None, "a=1\r\nx-injected: yes");
        Assert.False(InjectTextMap(Codec("tracecontext"), new PropagationContext(context, default)).ContainsKey("tracestate"));
    }

    [Fact]
    public void Inject_LocalRootActivity_RandomFlagSet()
    {
        using var activity = new Activity("root").SetIdFormat(ActivityIdFormat.W3C);
        activity.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        activity.Start();
        var headers = InjectDistributed(Codec("tracecontext"), activity);
        Assert.EndsWith("-03", headers["traceparent"], StringComparison.Ordinal);
    }

    [Fact]
    public void Inject_ChildOfRemoteParentWithRandomFlag_RandomFlagKept()
    {
        using var parent = new Activity("server").SetIdFormat(ActivityIdFormat.W3C)
            .SetParentId(ActivityTraceId.CreateFromString(TraceId), ActivitySpanId.CreateFromString(SpanId), (ActivityTraceFlags)0x03).Start();
        using var child = new Activity("client").SetIdFormat(ActivityIdFormat.W3C).Start();
        Assert.Equal("-03", InjectDistributed(Codec("tracecontext"), child)["traceparent"][^3..]);
    }

    [Fact]
    public void Inject_ChildOfRemoteParentWithoutRandomFlag_NoRandomFlag()
    {
        using var parent = new Activity("server").SetIdFormat(ActivityIdFormat.W3C)
            .SetParentId(ActivityTraceId.CreateFromString(TraceId), ActivitySpanId.CreateFromString(SpanId), ActivityTraceFlags.Recorded).Start();
        using var child = new Activity("client").SetIdFormat(ActivityIdFormat.W3C).Start();
        child.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        Assert.Equal("-01", InjectDistributed(Codec("tracecontext"), child)["traceparent"][^3..]);
    }

    [Fact]
    public void Inject_Distributed_SameHeadersAsTextMap()
    {
        using var activity = new Activity("a").SetIdFormat(ActivityIdFormat.W3C)
            .SetParentId(ActivityTraceId.CreateFromString(TraceId), ActivitySpanId.CreateFromString(SpanId), ActivityTraceFlags.Recorded).Start();
        activity.TraceStateString = "a=1";
        var codec = Codec("tracecontext", "b3multi", "b3");
        Assert.Equal(InjectTextMap(codec, new PropagationContext(activity.Context, default)), InjectDistributed(codec, activity));
    }

    [Fact]
    public void Inject_OpenTelemetryBaggage_Written()
    {
        var previous = Baggage.Current;
        try
        {
            Baggage.Current = Baggage.Create(new Dictionary<string, string> { ["user"] = "alice" });
            using var activity = new Activity("a").SetIdFormat(ActivityIdFormat.W3C).Start();
            Assert.Equal("user=alice", InjectDistributed(Codec("tracecontext", "baggage"), activity)["baggage"]);
        }
        finally
        {
            Baggage.Current = previous;
        }
    }
}
