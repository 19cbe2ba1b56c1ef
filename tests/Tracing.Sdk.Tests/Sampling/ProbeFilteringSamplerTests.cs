using System.Diagnostics;
using OpenTelemetry.Trace;
using Tracing.Sdk.Sampling;
using Tracing.Sdk.Configuration;

namespace Tracing.Sdk.Tests.Sampling;

public class ProbeFilteringSamplerTests
{
    private static readonly ActivityTraceId TraceId = ActivityTraceId.CreateRandom();

    private sealed class CountingSampler : Sampler
    {
        public int Calls { get; private set; }

        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
        {
            Calls++;
            return new SamplingResult(SamplingDecision.RecordAndSample);
        }
    }

    private static SamplingParameters Server(string path, string? userAgent = null, ActivityKind kind = ActivityKind.Server)
    {
        var tags = new TagList
        {
            { "server.address", "10.0.0.1" },
            { "http.request.method", "GET" },
            { "url.scheme", "http" },
            { "url.path", path },
        };
        if (userAgent is not null)
        {
            tags.Add("user_agent.original", userAgent);
        }

        return new SamplingParameters(default, TraceId, "Microsoft.AspNetCore.Hosting.HttpRequestIn", kind, tags);
    }

    private static ProbeFilteringSampler Create(CountingSampler inner, bool dropKubeProbe = true, params string[] paths) =>
        new(inner, new NamePatternSet(paths.Length == 0 ? K8sTracingOptions.DefaultProbePaths : paths), dropKubeProbe);

    [Theory]
    [InlineData("/health/liveness")]
    [InlineData("/health/readiness")]
    [InlineData("/healthz")]
    [InlineData("/livez")]
    [InlineData("/readyz")]
    [InlineData("/HEALTHZ")]
    public void ShouldSample_DefaultProbePath_DropsWithoutAskingInner(string path)
    {
        var inner = new CountingSampler();

        var result = Create(inner).ShouldSample(Server(path));

        Assert.Equal(SamplingDecision.Drop, result.Decision);
        Assert.Equal(0, inner.Calls);
    }

    [Theory]
    [InlineData("/tasks")]
    [InlineData("/healthz/extra")]
    [InlineData("/health")]
    public void ShouldSample_NormalPath_AsksInner(string path)
    {
        var inner = new CountingSampler();

        var result = Create(inner).ShouldSample(Server(path));

        Assert.Equal(SamplingDecision.RecordAndSample, result.Decision);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public void ShouldSample_PrefixEntry_MatchesBelowIt()
    {
        var sampler = Create(new CountingSampler(), true, "/status/*", "/ping");

        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Server("/status/db")).Decision);
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Server("/ping")).Decision);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Server("/pingpong")).Decision);
    }

    [Fact]
    public void ShouldSample_KubeProbeUserAgent_DropsAnyPath()
    {
        var sampler = Create(new CountingSampler());

        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Server("/anything", "kube-probe/1.31")).Decision);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Server("/anything", "curl/8.0 kube-probe/1.31")).Decision);
    }

    [Fact]
    public void ShouldSample_KubeProbeUserAgentWhenDisabled_AsksInner()
    {
        var sampler = Create(new CountingSampler(), dropKubeProbe: false);

        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Server("/anything", "kube-probe/1.31")).Decision);
    }

    [Fact]
    public void ShouldSample_ClientSpanWithProbePath_AsksInner()
    {
        var inner = new CountingSampler();

        Create(inner).ShouldSample(Server("/healthz", kind: ActivityKind.Client));

        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public void ShouldSample_TagsAsOtherEnumerable_StillFindsProbe()
    {
        var tags = new List<KeyValuePair<string, object?>> { new("url.path", "/livez") };
        var parameters = new SamplingParameters(default, TraceId, "x", ActivityKind.Server, tags);

        Assert.Equal(SamplingDecision.Drop, Create(new CountingSampler()).ShouldSample(parameters).Decision);
    }

    [Fact]
    public void ShouldSample_ProbesBetweenRequests_DoNotCountAgainstAStatefulInnerSampler()
    {
        // A sampler that keeps one request in two counts what it is asked: a probe that reached it would take a turn,
        // and with a probe before every request, every request would land on the same turn.
        var inner = new OneInTwoSampler();
        var sampler = new ProbeFilteringSampler(inner, new NamePatternSet(K8sTracingOptions.DefaultProbePaths), true);
        var sampled = 0;
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Server("/healthz")).Decision);
            if (sampler.ShouldSample(Server("/tasks")).Decision == SamplingDecision.RecordAndSample)
            {
                sampled++;
            }
        }

        Assert.Equal(50, sampled);
    }

    [Theory]
    [InlineData("/healthz", null)]
    [InlineData("/anything", "kube-probe/1.31")]
    public void ShouldSample_NotedRequestWithoutTags_DropsProbe(string path, string? userAgent)
    {
        var inner = new CountingSampler();
        PendingServerRequest.Set(path, "GET", userAgent);
        try
        {
            var result = Create(inner).ShouldSample(WithoutTags("Microsoft.AspNetCore.Hosting.HttpRequestIn"));

            Assert.Equal(SamplingDecision.Drop, result.Decision);
            Assert.Equal(0, inner.Calls);
        }
        finally
        {
            PendingServerRequest.Clear();
        }
    }

    [Fact]
    public void ShouldSample_NotedRequest_IsReadForAspNetCoresActivityOnly()
    {
        var inner = new CountingSampler();
        PendingServerRequest.Set("/healthz", "GET", null);
        try
        {
            // A gRPC or other server activity on the same thread is not the noted request.
            Assert.Equal(SamplingDecision.RecordAndSample, Create(inner).ShouldSample(WithoutTags("Some.Other.Server")).Decision);
            Assert.Equal(1, inner.Calls);
        }
        finally
        {
            PendingServerRequest.Clear();
        }
    }

    [Fact]
    public void ShouldSample_NotedRequestCleared_AsksInner()
    {
        var inner = new CountingSampler();
        PendingServerRequest.Set("/healthz", "GET", null);
        Assert.True(PendingServerRequest.Clear());
        Assert.False(PendingServerRequest.Clear());

        Assert.Equal(SamplingDecision.RecordAndSample, Create(inner).ShouldSample(WithoutTags("Microsoft.AspNetCore.Hosting.HttpRequestIn")).Decision);
    }

    [Fact]
    public void ShouldSample_RequestNotedOnAnotherThread_IsNotSeen()
    {
        PendingServerRequest.Set("/healthz", "GET", null);
        try
        {
            var decision = SamplingDecision.Drop;
            var other = new Thread(() =>
                decision = Create(new CountingSampler()).ShouldSample(WithoutTags("Microsoft.AspNetCore.Hosting.HttpRequestIn")).Decision);
            other.Start();
            other.Join();

            Assert.Equal(SamplingDecision.RecordAndSample, decision);
        }
        finally
        {
            PendingServerRequest.Clear();
        }
    }

    private static SamplingParameters WithoutTags(string name) => new(default, TraceId, name, ActivityKind.Server);

    private sealed class OneInTwoSampler : Sampler
    {
        private int _calls;

        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
            new(++_calls % 2 == 1 ? SamplingDecision.RecordAndSample : SamplingDecision.Drop);
    }
}
