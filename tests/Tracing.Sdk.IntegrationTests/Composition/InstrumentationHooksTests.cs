using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Instrumentation.AspNetCore;
using OpenTelemetry.Instrumentation.Http;
using OpenTelemetry.Trace;
using Tracing.Sdk.IntegrationTests.Foundation;
using Tracing.Sdk.IntegrationTests.Resilience;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Composition;

/// <summary>
/// The hooks users know from OpenTelemetry.Instrumentation.AspNetCore and .Http run on Tracing.Sdk's spans, set through
/// the contrib options types or through the contrib registration itself; and an application that registers the contrib
/// instrumentation beside the one line still gets every span once, complete, with probes dropped.
/// </summary>
public class InstrumentationHooksTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static string? Path(ReceivedSpan span) => span.Attributes.GetValueOrDefault("url.path") as string;

    public static TheoryData<string> ContribSetups => ["OneLineOnly", "ContribBefore", "ContribAfter"];

    public static TheoryData<string> HookSetups => ["ConfigureOptions", "ContribRegistration"];

    private static void AddContrib(WebApplicationBuilder builder) =>
        builder.Services.AddOpenTelemetry().WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());

    private static void SetUp(string setup, WebApplicationBuilder builder)
    {
        if (setup == "ContribBefore")
        {
            AddContrib(builder);
        }

        builder.AddK8sTracing();
        if (setup == "ContribAfter")
        {
            AddContrib(builder);
        }
    }

    [Theory]
    [MemberData(nameof(ContribSetups))]
    public async Task ContribInstrumentation_BesideTheOneLine_EachSpanExportedOnceAndComplete(string setup)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TracedApp.StartAsync(TracedApp.ExportTo(receiver), tracing: b => SetUp(setup, b));
        using var traced = new HttpRequestMessage(HttpMethod.Get, new Uri(app.BaseAddress, $"/{app.Marker}/call/42?user=alice"));
        traced.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        using (SuppressInstrumentationScope.Begin())
        {
            // The test's own HttpClient is in the app's process: kept out, so the caller's traceparent arrives as sent.
            Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(traced)).StatusCode);
        }

        await app.GetAsync($"/{app.Marker}/boom");
        await app.GetAsync("/healthz");
        await app.GetAsync("/health/readiness");
        await app.GetAsync($"/{app.Marker}/tasks/last");

        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => Path(x) == $"/{app.Marker}/tasks/last"), Timeout);
        await Task.Delay(300);
        spans = receiver.Spans;
        var outer = Assert.Single(spans, s => Path(s) == $"/{app.Marker}/call/42");
        var trace = spans.Where(s => s.TraceId == outer.TraceId).ToList();
        Assert.Equal(3, trace.Count);
        var client = Assert.Single(trace, s => s.Kind == ReceivedSpanKind.Client);
        var inner = Assert.Single(trace, s => Path(s) == $"/{app.Marker}/tasks/42");

        Assert.Equal("0af7651916cd43dd8448eb211c80319c", outer.TraceId);
        Assert.Equal("b7ad6b7169203331", outer.ParentSpanId);
        Assert.Equal($"GET /{app.Marker}/call/{{id}}", outer.Name);
        Assert.Equal($"/{app.Marker}/call/{{id}}", outer.Attributes["http.route"]);
        Assert.Equal(200L, outer.Attributes["http.response.status_code"]);
        Assert.Equal("GET", outer.Attributes["http.request.method"]);
        Assert.Equal("1.1", outer.Attributes["network.protocol.version"]);
        Assert.Equal("user=REDACTED", outer.Attributes["url.query"]);
        Assert.Equal(ReceivedStatusCode.Unset, outer.StatusCode);
        Assert.Equal("Microsoft.AspNetCore", outer.ScopeName);
        Assert.Equal(outer.SpanId, client.ParentSpanId);
        Assert.Equal("GET", client.Name);
        Assert.Equal("System.Net.Http", client.ScopeName);
        Assert.Equal(200L, client.Attributes["http.response.status_code"]);
        Assert.Equal(client.SpanId, inner.ParentSpanId);
        Assert.Equal($"GET /{app.Marker}/tasks/{{id}}", inner.Name);

        var boom = Assert.Single(spans, s => Path(s) == $"/{app.Marker}/boom");
        Assert.Equal($"GET /{app.Marker}/boom", boom.Name);
        Assert.Equal(ReceivedStatusCode.Error, boom.StatusCode);
        Assert.Equal("System.InvalidOperationException", boom.Attributes["error.type"]);
        Assert.Equal(500L, boom.Attributes["http.response.status_code"]);
        Assert.Single(boom.Events, e => e.Name == "exception");

        Assert.DoesNotContain(spans, s => Path(s) is "/healthz" or "/health/readiness" || Path(s) == $"/{app.Marker}/tasks/from-probe");
        Assert.Equal(spans.Count, spans.Select(s => s.SpanId).Distinct().Count());
    }

    private sealed class ServerHookCalls
    {
        public ConcurrentQueue<string> Calls { get; } = new();

        public void Set(AspNetCoreTraceInstrumentationOptions o)
        {
            o.Filter = context =>
            {
                Calls.Enqueue("filter " + context.Request.Path);
                return !context.Request.Path.Value!.EndsWith("/filtered", StringComparison.Ordinal);
            };
            o.EnrichWithHttpRequest = (activity, request) =>
            {
                Calls.Enqueue("request " + request.Path);
                activity.SetTag("app.request.path", request.Path.Value);
            };
            o.EnrichWithHttpResponse = (activity, response) =>
            {
                Calls.Enqueue("response " + response.HttpContext.Request.Path);
                activity.SetTag("app.response.status", response.StatusCode);
            };
            o.EnrichWithException = (activity, exception) =>
            {
                Calls.Enqueue("exception " + exception.Message);
                activity.SetTag("app.exception", exception.Message);
            };
            o.RecordException = true;
        }
    }

    [Theory]
    [MemberData(nameof(HookSetups))]
    public async Task ServerHooks_FromContribOptions_RunOnceOnTheServerSpan(string setup)
    {
        var hooks = new ServerHookCalls();
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TracedApp.StartAsync(TracedApp.ExportTo(receiver), tracing: b =>
        {
            b.AddK8sTracing();
            if (setup == "ConfigureOptions")
            {
                b.Services.Configure<AspNetCoreTraceInstrumentationOptions>(hooks.Set);
            }
            else
            {
                b.Services.AddOpenTelemetry().WithTracing(t => t.AddAspNetCoreInstrumentation(hooks.Set));
            }
        });

        await app.GetAsync($"/{app.Marker}/tasks/filtered");
        await app.GetAsync($"/{app.Marker}/boom");
        await app.GetAsync("/healthz");
        await app.GetAsync($"/{app.Marker}/tasks/7");

        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => Path(x) == $"/{app.Marker}/tasks/7"), Timeout);
        await Task.Delay(300);
        spans = receiver.Spans;
        var task = Assert.Single(spans, s => Path(s) == $"/{app.Marker}/tasks/7");
        Assert.Equal($"/{app.Marker}/tasks/7", task.Attributes["app.request.path"]);
        Assert.Equal(200L, task.Attributes["app.response.status"]);
        Assert.Equal($"GET /{app.Marker}/tasks/{{id}}", task.Name);

        var boom = Assert.Single(spans, s => Path(s) == $"/{app.Marker}/boom");
        Assert.Equal("kaput", boom.Attributes["app.exception"]);
        Assert.Equal(500L, boom.Attributes["app.response.status"]);
        Assert.Single(boom.Events, e => e.Name == "exception");

        Assert.DoesNotContain(spans, s => Path(s) == $"/{app.Marker}/tasks/filtered");
        Assert.DoesNotContain(spans, s => Path(s) == "/healthz");

        // Each hook once per request, none for the filtered request beyond the filter, none for the probe.
        Assert.Equal(
            [
                $"filter /{app.Marker}/tasks/filtered",
                $"filter /{app.Marker}/boom", $"request /{app.Marker}/boom", "exception kaput", $"response /{app.Marker}/boom",
                $"filter /{app.Marker}/tasks/7", $"request /{app.Marker}/tasks/7", $"response /{app.Marker}/tasks/7",
            ],
            hooks.Calls);
    }

    private sealed class ClientHookCalls
    {
        public ConcurrentQueue<string> Calls { get; } = new();

        public void Set(HttpClientTraceInstrumentationOptions o)
        {
            o.FilterHttpRequestMessage = request =>
            {
                Calls.Enqueue("filter " + request.RequestUri!.AbsolutePath);
                return !request.RequestUri.AbsolutePath.EndsWith("/filtered", StringComparison.Ordinal);
            };
            o.EnrichWithHttpRequestMessage = (activity, request) =>
            {
                Calls.Enqueue("request " + request.RequestUri!.AbsolutePath);
                activity.SetTag("app.request.uri", request.RequestUri.AbsolutePath);
            };
            o.EnrichWithHttpResponseMessage = (activity, response) =>
            {
                Calls.Enqueue("response " + response.RequestMessage!.RequestUri!.AbsolutePath);
                activity.SetTag("app.response.status", (int)response.StatusCode);
            };
            o.EnrichWithException = (activity, exception) =>
            {
                Calls.Enqueue("exception " + exception.GetType().Name + " " + activity.GetTagItem("url.full"));
                activity.SetTag("app.exception", exception.GetType().Name);
            };
            o.RecordException = true;
        }
    }

    [Theory]
    [MemberData(nameof(HookSetups))]
    public async Task ClientHooks_FromContribOptions_RunOnceOnTheClientSpan(string setup)
    {
        var hooks = new ClientHookCalls();
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TracedApp.StartAsync(TracedApp.ExportTo(receiver), tracing: b =>
        {
            b.AddK8sTracing();
            if (setup == "ConfigureOptions")
            {
                b.Services.Configure<HttpClientTraceInstrumentationOptions>(hooks.Set);
            }
            else
            {
                b.Services.AddOpenTelemetry().WithTracing(t => t.AddHttpClientInstrumentation(hooks.Set));
            }
        });

        using (SuppressInstrumentationScope.Begin())
        {
            // The test's own HttpClient is in the app's process: kept out, so only the app's calls reach the hooks.
            await app.GetAsync($"/{app.Marker}/call/filtered");
            await app.GetAsync($"/{app.Marker}/call-unreachable");
            await app.GetAsync($"/{app.Marker}/call/8");
        }

        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => Path(x) == $"/{app.Marker}/call/8"), Timeout);
        await Task.Delay(300);
        spans = receiver.Spans;
        var ok = Assert.Single(spans, s => Path(s) == $"/{app.Marker}/call/8");
        var okClient = Assert.Single(spans, s => s.Kind == ReceivedSpanKind.Client && s.ParentSpanId == ok.SpanId);
        Assert.Equal($"/{app.Marker}/tasks/8", okClient.Attributes["app.request.uri"]);
        Assert.Equal(200L, okClient.Attributes["app.response.status"]);
        Assert.Empty(okClient.Events);

        var failed = Assert.Single(spans, s => Path(s) == $"/{app.Marker}/call-unreachable");
        var failedClient = Assert.Single(spans, s => s.Kind == ReceivedSpanKind.Client && s.ParentSpanId == failed.SpanId);
        Assert.Equal("HttpRequestException", failedClient.Attributes["app.exception"]);
        Assert.Equal(ReceivedStatusCode.Error, failedClient.StatusCode);
        Assert.Single(failedClient.Events, e => e.Name == "exception");

        var filtered = Assert.Single(spans, s => Path(s) == $"/{app.Marker}/call/filtered");
        Assert.DoesNotContain(spans, s => s.Kind == ReceivedSpanKind.Client && s.ParentSpanId == filtered.SpanId);

        Assert.Equal(
            [
                $"filter /{app.Marker}/tasks/filtered",
                $"filter /{app.Marker}/unreachable", $"request /{app.Marker}/unreachable", $"exception HttpRequestException http://127.0.0.1:1/{app.Marker}/unreachable",
                $"filter /{app.Marker}/tasks/8", $"request /{app.Marker}/tasks/8", $"response /{app.Marker}/tasks/8",
            ],
            hooks.Calls.Where(c => c.Contains(app.Marker, StringComparison.Ordinal))); // the listener is process-wide; other tests' apps call too
    }

    [Fact]
    public async Task Hooks_Throwing_RequestsSucceedSpansExportedAndEachFailureReportedOnce()
    {
        var logs = new LogCapture();
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TracedApp.StartAsync(TracedApp.ExportTo(receiver), logs, b =>
        {
            b.AddK8sTracing();
            b.Services.Configure<AspNetCoreTraceInstrumentationOptions>(o =>
            {
                o.EnrichWithHttpRequest = (_, _) => throw new InvalidOperationException("server hook");
                o.EnrichWithHttpResponse = (activity, _) => activity.SetTag("app.after", "still runs");
            });
            b.Services.Configure<HttpClientTraceInstrumentationOptions>(o =>
                o.EnrichWithHttpResponseMessage = (_, _) => throw new InvalidOperationException("client hook"));
        });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.GetAsync($"/{app.Marker}/call/{i}")).StatusCode);
        }

        var spans = await receiver.WaitForSpansAsync(s => s.Count(x => x.Kind == ReceivedSpanKind.Client) >= 3 && s.Count(x => Path(x)?.StartsWith($"/{app.Marker}/call/", StringComparison.Ordinal) == true) >= 3, Timeout);
        Assert.All(spans.Where(s => Path(s)?.StartsWith($"/{app.Marker}/call/", StringComparison.Ordinal) == true), s => Assert.Equal("still runs", s.Attributes["app.after"]));
        var reports = logs.Messages("Tracing.Sdk").Where(m => m.Contains("instrumentation hook", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, reports.Count);
        Assert.Single(reports, m => m.Contains("AspNetCoreTraceInstrumentationOptions.EnrichWithHttpRequest", StringComparison.Ordinal));
        Assert.Single(reports, m => m.Contains("HttpClientTraceInstrumentationOptions.EnrichWithHttpResponseMessage", StringComparison.Ordinal));
    }
}
