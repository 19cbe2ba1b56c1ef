using System.Net;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Foundation;

public class OneLineOverTheWireTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static string? Path(ReceivedSpan span) => span.Attributes.GetValueOrDefault("url.path") as string;

    [Theory]
    [InlineData("grpc", "none")]
    [InlineData("grpc", "gzip")]
    [InlineData("http/protobuf", "none")]
    [InlineData("http/protobuf", "gzip")]
    public async Task Request_WithDownstreamCall_ArrivesAsOneCompleteTrace(string protocol, string compression)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var configuration = TracedApp.ExportTo(receiver, protocol);
        configuration["OTEL_EXPORTER_OTLP_COMPRESSION"] = compression;
        configuration["OTEL_SERVICE_NAME"] = "task-service";
        configuration["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment.name=test,service.version=2.1.0";
        configuration["K8S_POD_NAME"] = "task-service-5f7d-abcde";
        configuration["K8S_POD_UID"] = "8d3a-uid";
        configuration["K8S_NAMESPACE_NAME"] = "shop";
        configuration["K8S_NODE_NAME"] = "node-7";
        configuration["K8S_CONTAINER_NAME"] = "app";
        configuration["K8S_CLUSTER_NAME"] = "eu-1";
        await using var app = await TracedApp.StartAsync(configuration);

        var response = await app.GetAsync($"/{app.Marker}/call/42?user=alice");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var spans = await receiver.WaitForSpansAsync(s => s.Count(x => Path(x)?.StartsWith("/" + app.Marker, StringComparison.Ordinal) == true) >= 2 && s.Any(x => x.Name == "GET" && x.Kind == ReceivedSpanKind.Client), Timeout);
        var outer = Assert.Single(spans, s => Path(s) == $"/{app.Marker}/call/42");
        var trace = spans.Where(s => s.TraceId == outer.TraceId).ToList();
        var client = Assert.Single(trace, s => s.Kind == ReceivedSpanKind.Client && s.ParentSpanId == outer.SpanId);
        var inner = Assert.Single(trace, s => Path(s) == $"/{app.Marker}/tasks/42");

        Assert.Equal(ReceivedSpanKind.Server, outer.Kind);
        Assert.Equal($"GET /{app.Marker}/call/{{id}}", outer.Name);
        Assert.Equal($"/{app.Marker}/call/{{id}}", outer.Attributes["http.route"]);
        Assert.Equal(200L, outer.Attributes["http.response.status_code"]);
        Assert.Equal("GET", outer.Attributes["http.request.method"]);
        Assert.Equal("1.1", outer.Attributes["network.protocol.version"]);
        Assert.Equal("user=REDACTED", outer.Attributes["url.query"]);
        Assert.Equal("Microsoft.AspNetCore", outer.ScopeName);
        Assert.Equal("System.Net.Http", client.ScopeName);
        Assert.Equal(client.SpanId, inner.ParentSpanId);
        Assert.Equal($"GET /{app.Marker}/tasks/{{id}}", inner.Name);

        var resource = outer.ResourceAttributes;
        Assert.Equal("task-service", resource["service.name"]);
        Assert.Equal("2.1.0", resource["service.version"]);
        Assert.Equal("test", resource["deployment.environment.name"]);
        Assert.Equal("shop.task-service-5f7d-abcde.app", resource["service.instance.id"]);
        Assert.Equal("task-service-5f7d-abcde", resource["k8s.pod.name"]);
        Assert.Equal("8d3a-uid", resource["k8s.pod.uid"]);
        Assert.Equal("shop", resource["k8s.namespace.name"]);
        Assert.Equal("node-7", resource["k8s.node.name"]);
        Assert.Equal("app", resource["k8s.container.name"]);
        Assert.Equal("eu-1", resource["k8s.cluster.name"]);
        Assert.Equal("opentelemetry", resource["telemetry.sdk.name"]);
        Assert.Equal("dotnet", resource["telemetry.sdk.language"]);
        Assert.Contains("host.name", resource.Keys);
        Assert.Equal(compression == "gzip", receiver.Requests.Any(r => r.Compressed));
    }

    [Fact]
    public async Task Request_UnhandledException_ExportedAsErrorWithExceptionEvent()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TracedApp.StartAsync(TracedApp.ExportTo(receiver));

        await app.GetAsync($"/{app.Marker}/boom");

        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => Path(x) == $"/{app.Marker}/boom"), Timeout);
        var span = Assert.Single(spans, s => Path(s) == $"/{app.Marker}/boom");
        Assert.Equal(ReceivedStatusCode.Error, span.StatusCode);
        Assert.Equal("System.InvalidOperationException", span.Attributes["error.type"]);
        Assert.Equal(500L, span.Attributes["http.response.status_code"]);
        Assert.Contains(span.Events, e => e.Name == "exception");
    }

    [Fact]
    public async Task Probes_AreNeverExportedNorWhatTheyCall()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TracedApp.StartAsync(TracedApp.ExportTo(receiver));
        using var kubelet = new HttpRequestMessage(HttpMethod.Get, new Uri(app.BaseAddress, $"/{app.Marker}/tasks/kubelet"));
        kubelet.Headers.UserAgent.ParseAdd("kube-probe/1.31");

        await app.GetAsync("/healthz");
        await app.GetAsync("/health/readiness");
        await app.Client.SendAsync(kubelet);
        await app.GetAsync($"/{app.Marker}/tasks/last");

        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => Path(x) == $"/{app.Marker}/tasks/last"), Timeout);
        Assert.DoesNotContain(spans, s => Path(s) is "/healthz" or "/health/readiness");
        Assert.DoesNotContain(spans, s => Path(s) == $"/{app.Marker}/tasks/kubelet" || Path(s) == $"/{app.Marker}/tasks/from-probe");
        Assert.DoesNotContain(spans, s => (s.Attributes.GetValueOrDefault("url.full") as string ?? string.Empty).Contains("from-probe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_Headers_ReachTheCollector()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var configuration = TracedApp.ExportTo(receiver);
        configuration["OTEL_EXPORTER_OTLP_HEADERS"] = "api-key=s3cr3t%2Cwith%3Dsigns,x-tenant=shop";
        await using var app = await TracedApp.StartAsync(configuration);

        await app.GetAsync($"/{app.Marker}/tasks/1");

        await receiver.WaitForSpansAsync(s => s.Any(x => Path(x) == $"/{app.Marker}/tasks/1"), Timeout);
        var request = receiver.Requests.First(r => r.Spans.Any(x => Path(x) == $"/{app.Marker}/tasks/1"));
        Assert.Equal("s3cr3t,with=signs", request.Headers["api-key"]);
        Assert.Equal("shop", request.Headers["x-tenant"]);
    }

    [Fact]
    public async Task HostStop_FlushesEverySpanThatEnded()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var configuration = TracedApp.ExportTo(receiver);
        configuration["OTEL_BSP_SCHEDULE_DELAY"] = "600000";
        var app = await TracedApp.StartAsync(configuration);
        const int Requests = 30;

        for (var i = 0; i < Requests; i++)
        {
            await app.GetAsync($"/{app.Marker}/tasks/{i}");
        }

        await Task.Delay(200);
        Assert.DoesNotContain(receiver.Spans, s => Path(s)?.StartsWith("/" + app.Marker, StringComparison.Ordinal) == true);
        await app.DisposeAsync();

        Assert.Equal(Requests, receiver.Spans.Count(s => Path(s)?.StartsWith($"/{app.Marker}/tasks/", StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task SdkDisabled_AppWorksAndNothingIsExported()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var configuration = TracedApp.ExportTo(receiver);
        configuration["OTEL_SDK_DISABLED"] = "true";
        var app = await TracedApp.StartAsync(configuration);

        var response = await app.GetAsync($"/{app.Marker}/call/5");
        await app.DisposeAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, receiver.ExportAttempts);
    }

    [Fact]
    public async Task CollectorDown_RequestsStillSucceed()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var healthyReceiver = await OtlpReceiver.StartAsync();
        var configuration = TracedApp.ExportTo(receiver);
        configuration["K8sTracing:ShutdownTimeout"] = "00:00:01";
        await receiver.StopAsync();
        await using var app = await TracedApp.StartAsync(configuration);
        await using var baseline = await TracedApp.StartAsync(TracedApp.ExportTo(healthyReceiver));

        // Succeeding is not enough: a request that waited for the exporter's retries would still succeed, seconds late.
        var (down, healthy) = await RequestLatency.MediansAsync(app, baseline, Resilience.CollectorTroubleTests.Requests);

        Assert.True(down < healthy * Resilience.CollectorTroubleTests.LatencyRatioBound, $"median request latency {down} with the collector down, {healthy} with it up");
    }
}
