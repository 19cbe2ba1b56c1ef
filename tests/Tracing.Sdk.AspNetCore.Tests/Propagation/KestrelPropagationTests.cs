using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Tracing.Sdk.AspNetCore.Tests.Propagation;

[Collection(ProcessWidePropagation.Name)]
public class KestrelPropagationTests
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string SpanId = "b7ad6b7169203331";
    private const string B3TraceId = "80f198ee56343ba864fe8b2a57d3eff7";
    private const string B3SpanId = "e457b5a2e4d86bd1";

    [Fact]
    public async Task Request_W3CContext_ContinuedAndPropagated()
    {
        await using var host = await PropagationTestHost.StartAsync([]);
        var result = await host.GetAsync(
            "/orders",
            ("traceparent", $"00-{TraceId}-{SpanId}-03"),
            ("tracestate", "congo=t61rcWkgMzE"),
            ("baggage", "user=alice,note=a%20b"),
            ("x-request-id", "req-42"));

        Assert.Equal(TraceId, result.TraceId);
        Assert.Equal(SpanId, result.ParentSpanId);
        Assert.True(result.Sampled);
        Assert.Equal("alice", result.Baggage["user"]);
        Assert.Equal("a b", result.Baggage["note"]);
        Assert.Equal("req-42", result.RequestIdTag);

        var traceParent = Assert.Single(result.Outgoing["traceparent"]);
        Assert.StartsWith($"00-{TraceId}-", traceParent, StringComparison.Ordinal);
        Assert.EndsWith("-03", traceParent, StringComparison.Ordinal);
        Assert.Equal(["congo=t61rcWkgMzE"], result.Outgoing["tracestate"]);
        Assert.Equal(["req-42"], result.Outgoing["x-request-id"]);
        var baggage = Assert.Single(result.Outgoing["baggage"]);
        Assert.Contains("user=alice", baggage, StringComparison.Ordinal);
        Assert.False(result.Outgoing.ContainsKey("b3"));
        Assert.False(result.Outgoing.ContainsKey("request-id"));
    }

    [Fact]
    public async Task Request_MalformedTraceParent_FreshRootWithRandomFlag()
    {
        await using var host = await PropagationTestHost.StartAsync([]);
        var result = await host.GetAsync("/", ("traceparent", $"00-{TraceId.ToUpperInvariant()}-{SpanId}-01"), ("tracestate", "a=1"));

        Assert.NotEqual(TraceId, result.TraceId);
        Assert.Null(result.ParentSpanId);
        Assert.Null(result.TraceState);
        Assert.EndsWith("-03", Assert.Single(result.Outgoing["traceparent"]), StringComparison.Ordinal);
        Assert.False(result.Outgoing.ContainsKey("tracestate"));
    }

    [Fact]
    public async Task Request_B3Single_ContinuedAndInjectedAsB3()
    {
        await using var host = await PropagationTestHost.StartAsync(new() { ["OTEL_PROPAGATORS"] = "b3" });
        var result = await host.GetAsync("/", ("b3", $"{B3TraceId}-{B3SpanId}-1"));

        Assert.Equal(B3TraceId, result.TraceId);
        Assert.Equal(B3SpanId, result.ParentSpanId);
        var b3 = Assert.Single(result.Outgoing["b3"]);
        Assert.Matches($"^{B3TraceId}-[0-9a-f]{{16}}-1$", b3);
        Assert.False(result.Outgoing.ContainsKey("traceparent"));
        Assert.False(result.Outgoing.ContainsKey("x-b3-traceid"));
    }

    [Fact]
    public async Task Request_B3MultiWithoutDecision_OurSamplerDecidesAndMultiInjected()
    {
        await using var host = await PropagationTestHost.StartAsync(new() { ["OTEL_PROPAGATORS"] = "b3multi" });
        var result = await host.GetAsync("/", ("X-B3-TraceId", "a3ce929d0e0e4736"), ("X-B3-SpanId", B3SpanId));

        Assert.Equal("0000000000000000a3ce929d0e0e4736", result.TraceId);
        Assert.Equal(B3SpanId, result.ParentSpanId);
        Assert.True(result.Sampled);
        Assert.Equal(["0000000000000000a3ce929d0e0e4736"], result.Outgoing["x-b3-traceid"]);
        Assert.Equal(["1"], result.Outgoing["x-b3-sampled"]);
        Assert.Single(result.Outgoing["x-b3-spanid"]);
    }

    [Theory]
    [InlineData("b3", "b3")]
    [InlineData("b3", "b3multi")]
    [InlineData("b3multi", "b3")]
    [InlineData("b3multi", "b3multi")]
    public async Task Request_B3Debug_OutgoingCallCarriesDebug(string incoming, string configured)
    {
        await using var host = await PropagationTestHost.StartAsync(new() { ["OTEL_PROPAGATORS"] = "tracecontext," + configured });
        (string, string)[] headers = incoming == "b3"
            ? [("b3", $"{B3TraceId}-{B3SpanId}-d")]
            : [("X-B3-TraceId", B3TraceId), ("X-B3-SpanId", B3SpanId), ("X-B3-Flags", "1")];
        var result = await host.GetAsync("/", headers);

        Assert.Equal(B3TraceId, result.TraceId);
        Assert.Equal(B3SpanId, result.ParentSpanId);
        Assert.True(result.Sampled);
        Assert.Matches($"^00-{B3TraceId}-[0-9a-f]{{16}}-01$", Assert.Single(result.Outgoing["traceparent"]));
        if (configured == "b3")
        {
            Assert.Matches($"^{B3TraceId}-[0-9a-f]{{16}}-d$", Assert.Single(result.Outgoing["b3"]));
            Assert.False(result.Outgoing.ContainsKey("x-b3-flags"));
        }
        else
        {
            Assert.Equal([B3TraceId], result.Outgoing["x-b3-traceid"]);
            Assert.Equal(["1"], result.Outgoing["x-b3-flags"]);
            Assert.False(result.Outgoing.ContainsKey("x-b3-sampled"));
            Assert.False(result.Outgoing.ContainsKey("b3"));
        }
    }

    [Fact]
    public async Task Request_B3SampledWithoutDebug_NoDebugOnOutgoingCall()
    {
        await using var host = await PropagationTestHost.StartAsync(new() { ["OTEL_PROPAGATORS"] = "b3multi" });
        var result = await host.GetAsync("/", ("X-B3-TraceId", B3TraceId), ("X-B3-SpanId", B3SpanId), ("X-B3-Sampled", "1"));

        Assert.Equal(["1"], result.Outgoing["x-b3-sampled"]);
        Assert.False(result.Outgoing.ContainsKey("x-b3-flags"));
    }

    [Fact]
    public async Task Request_B3NotSampled_DecisionRespected()
    {
        await using var host = await PropagationTestHost.StartAsync(new() { ["OTEL_PROPAGATORS"] = "b3multi" });
        var result = await host.GetAsync("/", ("b3", $"{B3TraceId}-{B3SpanId}-0"));

        Assert.False(result.Sampled);
        Assert.Equal([B3TraceId], result.Outgoing["x-b3-traceid"]);
        Assert.Equal(["0"], result.Outgoing["x-b3-sampled"]);
    }

    [Fact]
    public async Task Request_B3DenyOnly_NewTraceNotSampled()
    {
        await using var host = await PropagationTestHost.StartAsync(new() { ["OTEL_PROPAGATORS"] = "tracecontext,b3" });
        var result = await host.GetAsync("/", ("b3", "0"));

        Assert.False(result.Sampled);
        var outgoing = Assert.Single(result.Outgoing["traceparent"]);
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[02]$", outgoing);
        Assert.Matches("-0$", Assert.Single(result.Outgoing["b3"]));
    }

    [Theory]
    [InlineData("tracecontext,b3", "b3", "0")]
    [InlineData("b3multi,tracecontext", "X-B3-Sampled", "0")]
    public async Task Request_B3DenyOnly_RootWithoutInventedParent(string propagators, string name, string value)
    {
        await using var host = await PropagationTestHost.StartAsync(new() { ["OTEL_PROPAGATORS"] = propagators });
        var result = await host.GetAsync("/", (name, value));

        Assert.Null(result.ParentSpanId);
        Assert.False(result.Sampled);
        Assert.Matches($"^00-{result.TraceId}-[0-9a-f]{{16}}-0[02]$", Assert.Single(result.Outgoing["traceparent"]));
        if (propagators.StartsWith("b3multi", StringComparison.Ordinal))
        {
            Assert.Equal(["0"], result.Outgoing["x-b3-sampled"]);
        }
        else
        {
            Assert.Matches("-0$", Assert.Single(result.Outgoing["b3"]));
        }
    }

    [Fact]
    public async Task Request_B3DenyOnlyThenUntracedRequest_SecondSampled()
    {
        await using var host = await PropagationTestHost.StartAsync(new() { ["OTEL_PROPAGATORS"] = "b3multi", ["OTEL_TRACES_SAMPLER"] = "always_on" });
        var denied = await host.GetAsync("/", ("X-B3-Sampled", "0"), ("X-B3-SpanId", B3SpanId));
        var next = await host.GetAsync("/");

        Assert.Null(denied.ParentSpanId);
        Assert.False(denied.Sampled); // even with a sampler that ignores parents
        Assert.True(next.Sampled);
    }

    [Theory]
    [InlineData("0", "1", false)]
    [InlineData("1", "0", true)]
    public async Task Request_TwoB3SampledValues_FirstWins(string first, string second, bool sampled)
    {
        await using var host = await PropagationTestHost.StartAsync(new() { ["OTEL_PROPAGATORS"] = "b3multi" });
        var result = await host.GetAsync("/", ("X-B3-TraceId", B3TraceId), ("X-B3-SpanId", B3SpanId), ("X-B3-Sampled", first), ("X-B3-Sampled", second));

        Assert.Equal(B3TraceId, result.TraceId);
        Assert.Equal(B3SpanId, result.ParentSpanId);
        Assert.Equal(sampled, result.Sampled);
        Assert.Equal([sampled ? "1" : "0"], result.Outgoing["x-b3-sampled"]);
    }

    [Fact]
    public async Task Request_AllFormatsConfigured_EachHeaderOnce()
    {
        await using var host = await PropagationTestHost.StartAsync(new() { ["OTEL_PROPAGATORS"] = "tracecontext,baggage,b3,b3multi" });
        var result = await host.GetAsync("/", ("traceparent", $"00-{TraceId}-{SpanId}-01"), ("baggage", "k=v"));

        foreach (var name in new[] { "traceparent", "b3", "x-b3-traceid", "x-b3-spanid", "x-b3-sampled", "baggage" })
        {
            Assert.Single(result.Outgoing[name]);
        }

        Assert.StartsWith(TraceId, result.Outgoing["b3"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_IgnoredPath_NewRootWithoutCallerBaggage()
    {
        await using var host = await PropagationTestHost.StartAsync(new() { ["K8sTracing:IncomingContextByPath:/public"] = "Ignore" });
        var ignored = await host.GetAsync("/PUBLIC/items", ("traceparent", $"00-{TraceId}-{SpanId}-01"), ("baggage", "user=mallory"));
        var trusted = await host.GetAsync("/internal", ("traceparent", $"00-{TraceId}-{SpanId}-01"), ("baggage", "user=alice"));

        Assert.NotEqual(TraceId, ignored.TraceId);
        Assert.Null(ignored.ParentSpanId);
        Assert.Empty(ignored.Baggage);
        Assert.False(ignored.Outgoing.ContainsKey("baggage"));
        Assert.Empty(ignored.Links);
        Assert.Equal(TraceId, trusted.TraceId);
        Assert.Equal("alice", trusted.Baggage["user"]);
    }

    [Fact]
    public async Task Request_LinkPolicy_NewRootLinkedToCaller()
    {
        await using var host = await PropagationTestHost.StartAsync([], options => options.IncomingContext = IncomingTraceContext.Link);
        var result = await host.GetAsync("/", ("traceparent", $"00-{TraceId}-{SpanId}-01"), ("baggage", "user=mallory"));

        Assert.NotEqual(TraceId, result.TraceId);
        Assert.Null(result.ParentSpanId);
        Assert.Equal([$"{TraceId}-{SpanId}"], result.Links);
        Assert.Empty(result.Baggage);
    }

    [Fact]
    public async Task Request_ConfiguredPassThroughHeaders_Forwarded()
    {
        await using var host = await PropagationTestHost.StartAsync(new() { ["K8sTracing:PassThroughHeaders"] = "x-request-id,x-tenant" });
        var result = await host.GetAsync("/", ("x-request-id", "r1"), ("x-tenant", "t1"), ("x-other", "o1"));

        Assert.Equal(["r1"], result.Outgoing["x-request-id"]);
        Assert.Equal(["t1"], result.Outgoing["x-tenant"]);
        Assert.False(result.Outgoing.ContainsKey("x-other"));
    }

    [Fact]
    public async Task Request_NotSampled_PassThroughHeaderStillForwardedWithoutTag()
    {
        await using var host = await PropagationTestHost.StartAsync([]);
        var result = await host.GetAsync("/orders", ("traceparent", $"00-{TraceId}-{SpanId}-00"), ("x-request-id", "req-7"));

        Assert.False(result.Sampled);
        Assert.Null(result.RequestIdTag);
        Assert.Equal(["req-7"], result.Outgoing["x-request-id"]);
    }

    [Fact]
    public async Task Request_PassThroughValueNotForwardable_NotForwarded()
    {
        await using var host = await PropagationTestHost.StartAsync([]);
        var result = await host.GetAsync("/orders", ("x-request-id", new string('a', 1025)));

        Assert.Null(result.RequestIdTag);
        Assert.False(result.Outgoing.ContainsKey("x-request-id"));
    }

    [Fact]
    public async Task Register_EveryPathTrusted_NoHttpContextAccessor()
    {
        await using var host = await PropagationTestHost.StartAsync([]);
        Assert.Null(host.Services.GetService<IHttpContextAccessor>());
    }

    [Fact]
    public async Task Register_PathPolicy_HttpContextAccessorForExtraction()
    {
        await using var host = await PropagationTestHost.StartAsync([], o => o.IncomingContextByPath["/public"] = IncomingTraceContext.Ignore);
        Assert.NotNull(host.Services.GetService<IHttpContextAccessor>());
    }

    [Fact]
    public async Task Inject_OutsideRequest_NoPassThroughHeaders()
    {
        await using var host = await PropagationTestHost.StartAsync([]);
        var headers = new Dictionary<string, string>();
        System.Diagnostics.DistributedContextPropagator.Current.Inject(null, headers, static (carrier, name, value) => ((Dictionary<string, string>)carrier!)[name] = value!);
        Assert.False(headers.ContainsKey("x-request-id"));
    }
}
