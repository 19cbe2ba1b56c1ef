using System.Diagnostics;
using OpenTelemetry.Trace;
using Tracing.Sdk.Configuration;
using Tracing.Sdk.Sampling;

namespace Tracing.Sdk.Tests.Sampling;

public class RouteSamplerTests
{
    private sealed class CountingSampler(SamplingDecision decision = SamplingDecision.RecordAndSample) : Sampler
    {
        public int Calls { get; private set; }

        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
        {
            Calls++;
            return new SamplingResult(decision);
        }
    }

    private static SamplingParameters Request(
        string path,
        string method = "GET",
        ActivityKind kind = ActivityKind.Server,
        ActivityContext parent = default,
        ActivityTraceId? traceId = null)
    {
        var tags = new TagList
        {
            { "server.address", "10.0.0.1" },
            { "server.port", 8080 },
            { "http.request.method", method },
            { "url.scheme", "http" },
            { "url.path", path },
            { "user_agent.original", "curl/8.0" },
        };
        return new SamplingParameters(parent, traceId ?? ActivityTraceId.CreateRandom(), "Microsoft.AspNetCore.Hosting.HttpRequestIn", kind, tags);
    }

    private static RouteSampler Create(Sampler inner, params SamplingRule[] rules) => new(inner, SamplingRuleSet.Compile(rules));

    private static SamplingRule Rule(string path, int rate, string? method = null) => new(path, rate) { Method = method };

    private static SamplingRule[] IssueExample =>
    [
        Rule("/checkout/*", 1_000_000),
        Rule("/catalog/*", 10_000, "GET"),
        Rule("/internal/*", 0),
    ];

    [Theory]
    [InlineData("/checkout", SamplingDecision.RecordAndSample)]
    [InlineData("/checkout/", SamplingDecision.RecordAndSample)]
    [InlineData("/checkout/pay/3", SamplingDecision.RecordAndSample)]
    [InlineData("/CHECKOUT/Pay", SamplingDecision.RecordAndSample)]
    [InlineData("/internal/metrics", SamplingDecision.Drop)]
    [InlineData("/Internal", SamplingDecision.Drop)]
    public void ShouldSample_RootMatchingPrefixRule_UsesTheRulesRate(string path, SamplingDecision expected)
    {
        var inner = new CountingSampler(expected == SamplingDecision.Drop ? SamplingDecision.RecordAndSample : SamplingDecision.Drop);

        var result = Create(inner, IssueExample).ShouldSample(Request(path));

        Assert.Equal(expected, result.Decision);
        Assert.Equal(0, inner.Calls);
    }

    [Theory]
    [InlineData("/checkout/pay/3", "POST", SamplingDecision.RecordAndSample)]
    [InlineData("/internal/metrics", "GET", SamplingDecision.Drop)]
    [InlineData("/catalog/1", "POST", SamplingDecision.RecordAndSample)]
    public void ShouldSample_NotedRequestWithoutTags_UsesTheRulesRate(string path, string method, SamplingDecision expected)
    {
        // What ASP.NET Core hands over with its start tags left off: the request is noted, the activity has no tags.
        var inner = new CountingSampler(SamplingDecision.Drop);
        PendingServerRequest.Set(path, method, null);
        try
        {
            var parameters = new SamplingParameters(default, ActivityTraceId.CreateRandom(), "Microsoft.AspNetCore.Hosting.HttpRequestIn", ActivityKind.Server);

            var result = Create(inner, [.. IssueExample, Rule("/catalog/*", 1_000_000, "POST")]).ShouldSample(parameters);

            Assert.Equal(expected, result.Decision);
            Assert.Equal(0, inner.Calls);
        }
        finally
        {
            PendingServerRequest.Clear();
        }
    }

    [Theory]
    [InlineData("/checkouts")]
    [InlineData("/internals/x")]
    [InlineData("/api/checkout/1")]
    [InlineData("/")]
    public void ShouldSample_PathOnlySharingAPrefixBelowASegment_FallsBack(string path)
    {
        var inner = new CountingSampler();

        Create(inner, IssueExample).ShouldSample(Request(path));

        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public void ShouldSample_PrefixWithoutSlash_MatchesAtSegmentBoundaryOnly()
    {
        var inner = new CountingSampler();
        var sampler = Create(inner, Rule("/cat*", 0));

        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Request("/cat")).Decision);
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Request("/cat/1")).Decision);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Request("/catalog")).Decision);
    }

    [Fact]
    public void ShouldSample_ExactRule_MatchesOnlyThatPathIgnoringCase()
    {
        var sampler = Create(new CountingSampler(), Rule("/orders", 0));

        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Request("/orders")).Decision);
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Request("/ORDERS")).Decision);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Request("/orders/1")).Decision);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Request("/order")).Decision);
    }

    [Fact]
    public void ShouldSample_RuleWithMethod_AppliesToThatMethodOnly()
    {
        var sampler = Create(new CountingSampler(), Rule("/catalog/*", 0, "GET"));

        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Request("/catalog/42", "GET")).Decision);
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Request("/catalog/42", "get")).Decision);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Request("/catalog/42", "POST")).Decision);
    }

    [Fact]
    public void ShouldSample_SeveralRulesMatch_FirstInOrderWins()
    {
        var keepFirst = Create(new CountingSampler(), Rule("/catalog/special", 1_000_000), Rule("/catalog/*", 0));
        var dropFirst = Create(new CountingSampler(), Rule("/catalog/*", 0), Rule("/catalog/special", 1_000_000));

        Assert.Equal(SamplingDecision.RecordAndSample, keepFirst.ShouldSample(Request("/catalog/special")).Decision);
        Assert.Equal(SamplingDecision.Drop, keepFirst.ShouldSample(Request("/catalog/other")).Decision);
        Assert.Equal(SamplingDecision.Drop, dropFirst.ShouldSample(Request("/catalog/special")).Decision);
    }

    [Fact]
    public void ShouldSample_MethodRuleSkipped_NextRuleInOrderApplies()
    {
        var sampler = Create(new CountingSampler(), Rule("/catalog/*", 0, "POST"), Rule("/catalog/*", 1_000_000));

        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Request("/catalog/1", "POST")).Decision);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Request("/catalog/1", "GET")).Decision);
    }

    [Fact]
    public void ShouldSample_IntermediateRate_IsTheTraceIdRatioDecisionForEveryTraceId()
    {
        var sampler = Create(new CountingSampler(SamplingDecision.Drop), Rule("/catalog/*", 250_000));
        var ratio = new TraceIdRatioBasedSampler(0.25);
        var sampled = 0;

        for (var i = 0; i < 4000; i++)
        {
            var traceId = ActivityTraceId.CreateRandom();
            var expected = ratio.ShouldSample(new SamplingParameters(default, traceId, "x", ActivityKind.Server)).Decision;

            var actual = sampler.ShouldSample(Request("/catalog/1", traceId: traceId)).Decision;

            Assert.Equal(expected, actual);
            sampled += actual == SamplingDecision.RecordAndSample ? 1 : 0;
        }

        Assert.InRange(sampled, 800, 1200);
    }

    [Theory]
    [InlineData(ActivityTraceFlags.Recorded)]
    [InlineData(ActivityTraceFlags.None)]
    public void ShouldSample_RequestWithParent_AsksConfiguredSampler(ActivityTraceFlags flags)
    {
        var inner = new CountingSampler();
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), flags, isRemote: true);

        Create(inner, Rule("/internal/*", 0)).ShouldSample(Request("/internal/x", parent: parent));

        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public void ShouldSample_SampledCallerOnRateZeroRouteWithDefaultSampler_IsRecorded()
    {
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        var sampler = Create(new ParentBasedSampler(new AlwaysOnSampler()), Rule("/internal/*", 0));

        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Request("/internal/x", parent: parent)).Decision);
    }

    [Theory]
    [InlineData(ActivityKind.Client)]
    [InlineData(ActivityKind.Internal)]
    [InlineData(ActivityKind.Consumer)]
    public void ShouldSample_NotAServerSpan_AsksConfiguredSampler(ActivityKind kind)
    {
        var inner = new CountingSampler();

        Create(inner, Rule("/*", 0)).ShouldSample(Request("/internal/x", kind: kind));

        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public void ShouldSample_ServerSpanWithoutPathTag_AsksConfiguredSampler()
    {
        var inner = new CountingSampler();
        var parameters = new SamplingParameters(default, ActivityTraceId.CreateRandom(), "x", ActivityKind.Server, new TagList { { "http.request.method", "GET" } });

        Create(inner, Rule("/*", 0)).ShouldSample(parameters);
        Create(inner, Rule("/*", 0)).ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), "x", ActivityKind.Server));

        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public void ShouldSample_TagsAsOtherEnumerable_StillMatches()
    {
        var tags = new List<KeyValuePair<string, object?>> { new("url.path", "/internal/x"), new("http.request.method", "DELETE") };
        var parameters = new SamplingParameters(default, ActivityTraceId.CreateRandom(), "x", ActivityKind.Server, tags);

        Assert.Equal(SamplingDecision.Drop, Create(new CountingSampler(), Rule("/internal/*", 0, "DELETE")).ShouldSample(parameters).Decision);
    }

    [Fact]
    public void ShouldSample_ProbePathUnderAKeepEverythingRule_StaysDropped()
    {
        var rules = SamplingRuleSet.Compile([Rule("/*", 1_000_000)]);
        var sampler = new ProbeFilteringSampler(
            RouteSampler.Over(new AlwaysOffSampler(), rules), new NamePatternSet(K8sTracingOptions.DefaultProbePaths), dropKubeProbeUserAgent: true);

        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Request("/healthz")).Decision);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Request("/tasks")).Decision);
    }

    [Fact]
    public void Over_NoRules_ReturnsTheConfiguredSamplerItself()
    {
        var inner = new AlwaysOnSampler();

        Assert.Same(inner, RouteSampler.Over(inner, SamplingRuleSet.Compile([])));
    }

    [Fact]
    public void Compile_Rules_DescribesThemInOrder()
    {
        var entries = new Dictionary<string, string>();

        SamplingRuleSet.Compile(IssueExample).Report(entries);

        Assert.Equal("[/checkout/* 1000000, GET /catalog/* 10000, /internal/* 0]", entries["samplingRules"]);
    }
}
