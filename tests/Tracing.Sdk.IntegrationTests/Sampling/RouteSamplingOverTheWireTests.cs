using System.Diagnostics;
using OpenTelemetry.Trace;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Sampling;

/// <summary>
/// <c>K8sTracing:SamplingRules</c> end to end: real Kestrel, the one line, OTLP/gRPC to the test receiver. Each test
/// ends with a request that is always recorded and is sent last, so once it arrives every span before it has too.
/// </summary>
[Collection(SoleTracerProvider.Name)]
public class RouteSamplingOverTheWireTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static string? PathOf(ReceivedSpan span) => span.Attributes.GetValueOrDefault("url.path") as string;

    private static bool IsServerAt(ReceivedSpan span, string prefix) =>
        span.Kind == ReceivedSpanKind.Server && PathOf(span)?.StartsWith(prefix, StringComparison.Ordinal) == true;

    [Fact]
    public async Task RulesFromAppSettingsJson_RatesZeroAndMillion_RecordNoneAndAllOfTheirRoots()
    {
        const string AppSettings = """
            { "K8sTracing": {
                "SamplingRatePerMillion": 500000,
                "SamplingRules": [
                  { "Path": "/checkout/*", "RatePerMillion": 1000000 },
                  { "Path": "/internal/*", "RatePerMillion": 0 } ] } }
            """;
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await RouteSampledApp.StartAsync(receiver, [], AppSettings);
        const int Requests = 25;

        for (var i = 0; i < Requests; i++)
        {
            await app.GetAsync($"/internal/{i}");
            await app.GetAsync($"/checkout/{i}");
        }

        var spans = await receiver.WaitForSpansAsync(s => s.Count(x => IsServerAt(x, "/checkout/")) >= Requests, Timeout);
        Assert.Equal(Requests, spans.Count(s => IsServerAt(s, "/checkout/")));
        Assert.DoesNotContain(spans, s => IsServerAt(s, "/internal/"));
    }

    [Fact]
    public async Task RuleWithIntermediateRate_RecordsExactlyTheTraceIdRatioSet()
    {
        // A B3 context without a sampling decision keeps its trace id but is decided as a root, so the test knows the
        // trace id of every root the rule decided, kept or not.
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await RouteSampledApp.StartAsync(receiver, new()
        {
            ["OTEL_PROPAGATORS"] = "tracecontext,baggage,b3multi",
            ["K8sTracing:SamplingRules:0:Path"] = "/catalog/*",
            ["K8sTracing:SamplingRules:0:Method"] = "GET",
            ["K8sTracing:SamplingRules:0:RatePerMillion"] = "300000",
        });
        var ratio = new TraceIdRatioBasedSampler(0.3);
        var expected = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < 80; i++)
        {
            var traceId = ActivityTraceId.CreateRandom();
            if (ratio.ShouldSample(new SamplingParameters(default, traceId, "x", ActivityKind.Server)).Decision == SamplingDecision.RecordAndSample)
            {
                expected.Add(traceId.ToHexString());
            }

            await app.GetAsync($"/catalog/{i}", request =>
            {
                request.Headers.Add("X-B3-TraceId", traceId.ToHexString());
                request.Headers.Add("X-B3-SpanId", ActivitySpanId.CreateRandom().ToHexString());
            });
        }

        await app.GetAsync("/other/last");

        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => PathOf(x) == "/other/last"), Timeout);
        Assert.InRange(expected.Count, 1, 79);
        Assert.Equal(expected.Order(), spans.Where(s => IsServerAt(s, "/catalog/")).Select(s => s.TraceId).Order());
    }

    [Fact]
    public async Task CallerDecision_OnRuledRoutes_IsRespected()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await RouteSampledApp.StartAsync(receiver, new()
        {
            ["K8sTracing:SamplingRules:0:Path"] = "/internal/*",
            ["K8sTracing:SamplingRules:0:RatePerMillion"] = "0",
            ["K8sTracing:SamplingRules:1:Path"] = "/checkout/*",
            ["K8sTracing:SamplingRules:1:RatePerMillion"] = "1000000",
        });
        var sampledCaller = ActivityTraceId.CreateRandom().ToHexString();
        var unsampledCaller = ActivityTraceId.CreateRandom().ToHexString();

        await app.GetAsync("/internal/called", r => r.Headers.Add("traceparent", $"00-{sampledCaller}-{ActivitySpanId.CreateRandom().ToHexString()}-01"));
        await app.GetAsync("/checkout/called", r => r.Headers.Add("traceparent", $"00-{unsampledCaller}-{ActivitySpanId.CreateRandom().ToHexString()}-00"));
        await app.GetAsync("/checkout/last");

        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => PathOf(x) == "/checkout/last"), Timeout);
        var recorded = Assert.Single(spans, s => PathOf(s) == "/internal/called");
        Assert.Equal(sampledCaller, recorded.TraceId);
        Assert.DoesNotContain(spans, s => PathOf(s) == "/checkout/called" || s.TraceId == unsampledCaller);
    }

    [Fact]
    public async Task Probes_WithRulesKeepingEverything_StayUntraced()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await RouteSampledApp.StartAsync(receiver, new()
        {
            ["K8sTracing:SamplingRules:0:Path"] = "/healthz",
            ["K8sTracing:SamplingRules:0:RatePerMillion"] = "1000000",
            ["K8sTracing:SamplingRules:1:Path"] = "/*",
            ["K8sTracing:SamplingRules:1:RatePerMillion"] = "1000000",
        });

        await app.GetAsync("/healthz");
        await app.GetAsync("/checkout/kubelet", r => r.Headers.UserAgent.ParseAdd("kube-probe/1.33"));
        await app.GetAsync("/checkout/last");

        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => PathOf(x) == "/checkout/last"), Timeout);
        Assert.DoesNotContain(spans, s => PathOf(s) is "/healthz" or "/checkout/kubelet");
    }
}
