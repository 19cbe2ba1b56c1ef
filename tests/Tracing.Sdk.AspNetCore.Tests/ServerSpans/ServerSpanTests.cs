using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tracing.Sdk.AspNetCore.Tests.TestSupport;

namespace Tracing.Sdk.AspNetCore.Tests.ServerSpans;

public class ServerSpanTests
{
    private static readonly HttpClient Client = new();

    private static void Map(WebApplication app)
    {
        app.MapGet("/tasks/{id}", (string id) => Results.Ok(id));
        app.MapGet("/healthz", () => "ok");
        app.MapGet("/health/readiness", (IHttpClientFactory factory, HttpContext context) =>
            factory.CreateClient().GetStringAsync(new Uri(new Uri(context.Request.Scheme + "://" + context.Request.Host), "/tasks/from-probe")));
        app.MapGet("/boom", string () => throw new InvalidOperationException("kaput"));
        app.MapGet("/unavailable", () => Results.StatusCode(503));
        app.MapGet("/missing", () => Results.NotFound());
        app.MapGet("/call/{id}", async (string id, IHttpClientFactory factory, HttpContext context) =>
            await factory.CreateClient().GetStringAsync(new Uri(new Uri(context.Request.Scheme + "://" + context.Request.Host), "/tasks/" + id)));
    }

    private static Activity Server(IEnumerable<Activity> spans, string name) =>
        Assert.Single(spans, s => s.Kind == ActivityKind.Server && s.DisplayName == name);

    [Fact]
    public async Task Request_MatchedRoute_NamedAndTaggedPerConventions()
    {
        await using var app = await TracedWebApp.StartAsync(Map);

        await Client.GetAsync(new Uri(app.BaseAddress, "/tasks/42?token=abc&flag"));

        var span = Server(await app.WaitForSpansAsync(s => s.Any(x => x.Kind == ActivityKind.Server)), "GET /tasks/{id}");
        Assert.Equal("Microsoft.AspNetCore", span.Source.Name);
        Assert.Equal("/tasks/{id}", span.GetTagItem("http.route"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal("GET", span.GetTagItem("http.request.method"));
        Assert.Equal("/tasks/42", span.GetTagItem("url.path"));
        Assert.Equal("http", span.GetTagItem("url.scheme"));
        Assert.Equal("1.1", span.GetTagItem("network.protocol.version"));
        Assert.Equal("token=REDACTED&flag", span.GetTagItem("url.query"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task Request_NoRoute_NamedByMethodOnly()
    {
        await using var app = await TracedWebApp.StartAsync(Map);

        await Client.GetAsync(new Uri(app.BaseAddress, "/nowhere"));

        var span = Server(await app.WaitForSpansAsync(s => s.Any(x => x.Kind == ActivityKind.Server)), "GET");
        Assert.Null(span.GetTagItem("http.route"));
        Assert.Equal(404, span.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task Request_UnhandledException_ErrorWithTypeAndExceptionEvent()
    {
        await using var app = await TracedWebApp.StartAsync(Map);

        var response = await Client.GetAsync(new Uri(app.BaseAddress, "/boom"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var span = Server(await app.WaitForSpansAsync(s => s.Any(x => x.Kind == ActivityKind.Server)), "GET /boom");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("System.InvalidOperationException", span.GetTagItem("error.type"));
        Assert.Equal(500, span.GetTagItem("http.response.status_code"));
        var exception = Assert.Single(span.Events, e => e.Name == "exception");
        Assert.Contains(exception.Tags, t => t.Key == "exception.type" && (string?)t.Value == "System.InvalidOperationException");
    }

    [Fact]
    public async Task Request_ExceptionHandledByUseExceptionHandler_KeepsRouteAndIsError()
    {
        await using var app = await TracedWebApp.StartAsync(a =>
        {
            a.UseExceptionHandler(handler => handler.Run(context =>
            {
                context.Response.StatusCode = 500;
                return context.Response.WriteAsync("handled");
            }));
            a.MapPost("/orders/{id}", string (string id) => throw new InvalidOperationException(id));
        });

        var response = await Client.PostAsync(new Uri(app.BaseAddress, "/orders/9"), null);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var span = Server(await app.WaitForSpansAsync(s => s.Any(x => x.Kind == ActivityKind.Server)), "POST /orders/{id}");
        Assert.Equal("/orders/{id}", span.GetTagItem("http.route"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task Request_5xxStatus_ErrorWithStatusCodeAsType()
    {
        await using var app = await TracedWebApp.StartAsync(Map);

        await Client.GetAsync(new Uri(app.BaseAddress, "/unavailable"));

        var span = Server(await app.WaitForSpansAsync(s => s.Any(x => x.Kind == ActivityKind.Server)), "GET /unavailable");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("503", span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task Request_4xxStatus_IsNotAnError()
    {
        await using var app = await TracedWebApp.StartAsync(Map);

        await Client.GetAsync(new Uri(app.BaseAddress, "/missing"));

        var span = Server(await app.WaitForSpansAsync(s => s.Any(x => x.Kind == ActivityKind.Server)), "GET /missing");
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Null(span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task Request_CallingOut_ClientSpanIsChildOfServerSpan()
    {
        await using var app = await TracedWebApp.StartAsync(Map);

        await Client.GetAsync(new Uri(app.BaseAddress, "/call/7"));

        var spans = await app.WaitForSpansAsync(s => s.Count(x => x.Kind == ActivityKind.Server) == 2);
        var outer = Server(spans, "GET /call/{id}");
        var client = Assert.Single(spans, s => s.Kind == ActivityKind.Client && s.ParentSpanId == outer.SpanId);
        var inner = Server(spans, "GET /tasks/{id}");
        Assert.Equal(outer.SpanId, client.ParentSpanId);
        Assert.Equal(client.SpanId, inner.ParentSpanId);
        Assert.Equal(outer.TraceId, inner.TraceId);
    }

    [Fact]
    public async Task Probe_DefaultPath_CreatesNoSpanAndNothingBelowIt()
    {
        await using var app = await TracedWebApp.StartAsync(Map);

        await Client.GetAsync(new Uri(app.BaseAddress, "/healthz"));
        await Client.GetAsync(new Uri(app.BaseAddress, "/health/readiness"));
        await Client.GetAsync(new Uri(app.BaseAddress, "/tasks/after"));

        var spans = await app.WaitForSpansAsync(s => s.Any(x => x.GetTagItem("url.path") as string == "/tasks/after"));
        Assert.DoesNotContain(spans, s => s.GetTagItem("url.path") is "/healthz" or "/health/readiness" or "/tasks/from-probe");
        Assert.DoesNotContain(spans, s => (s.GetTagItem("url.full") as string ?? string.Empty).Contains("from-probe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Probe_KubeProbeUserAgent_CreatesNoSpan()
    {
        await using var app = await TracedWebApp.StartAsync(Map);
        using var probe = new HttpRequestMessage(HttpMethod.Get, new Uri(app.BaseAddress, "/tasks/probe"));
        probe.Headers.UserAgent.ParseAdd("kube-probe/1.31");

        await Client.SendAsync(probe);
        await Client.GetAsync(new Uri(app.BaseAddress, "/tasks/real"));

        var spans = await app.WaitForSpansAsync(s => s.Any(x => x.GetTagItem("url.path") as string == "/tasks/real"));
        Assert.DoesNotContain(spans, s => s.GetTagItem("url.path") as string == "/tasks/probe");
    }

    [Fact]
    public async Task Probe_ConfiguredPrefix_CreatesNoSpan()
    {
        await using var app = await TracedWebApp.StartAsync(
            a => a.MapGet("/status/{part}", (string part) => part),
            new() { ["K8sTracing:ProbePaths:0"] = "/status/*" });

        await Client.GetAsync(new Uri(app.BaseAddress, "/status/db"));
        await Client.GetAsync(new Uri(app.BaseAddress, "/other"));

        var spans = await app.WaitForSpansAsync(s => s.Any(x => x.Kind == ActivityKind.Server));
        Assert.DoesNotContain(spans, s => s.GetTagItem("url.path") as string == "/status/db");
    }

    [Fact]
    public async Task Request_StartAttributes_AsAspNetCoreSetsThemAtCreation()
    {
        await using var app = await TracedWebApp.StartAsync(Map);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.BaseAddress, "/tasks/a%20b"));
        request.Headers.UserAgent.ParseAdd("orders/2.1");
        using var custom = new HttpRequestMessage(new HttpMethod("PURGE"), new Uri(app.BaseAddress, "/nowhere"));

        await Client.SendAsync(request);
        await Client.SendAsync(custom);

        var spans = await app.WaitForSpansAsync(s => s.Count(x => x.Kind == ActivityKind.Server) == 2);
        var span = Server(spans, "GET /tasks/{id}");
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.Equal(app.BaseAddress.Port, span.GetTagItem("server.port"));
        Assert.Equal("http", span.GetTagItem("url.scheme"));
        Assert.Equal("/tasks/a%20b", span.GetTagItem("url.path"));
        Assert.Equal("GET", span.GetTagItem("http.request.method"));
        Assert.Null(span.GetTagItem("http.request.method_original"));
        Assert.Equal("orders/2.1", span.GetTagItem("user_agent.original"));
        Assert.Single(span.TagObjects, t => t.Key == "url.path");

        var other = Server(spans, "HTTP");
        Assert.Equal("_OTHER", other.GetTagItem("http.request.method"));
        Assert.Equal("PURGE", other.GetTagItem("http.request.method_original"));
        Assert.Null(other.GetTagItem("user_agent.original"));
    }

    [Fact]
    public async Task Probe_DecidedBeforeASpanStarts_NoActivityStartedForIt()
    {
        await using var app = await TracedWebApp.StartAsync(Map);
        using var kubelet = new HttpRequestMessage(HttpMethod.Get, new Uri(app.BaseAddress, "/tasks/probe"));
        kubelet.Headers.UserAgent.ParseAdd("kube-probe/1.31");

        await Client.GetAsync(new Uri(app.BaseAddress, "/healthz"));
        await Client.GetAsync(new Uri(app.BaseAddress, "/livez"));
        await Client.SendAsync(kubelet);
        await Client.GetAsync(new Uri(app.BaseAddress, "/tasks/after"));

        await app.WaitForSpansAsync(s => s.Any(x => x.GetTagItem("url.path") as string == "/tasks/after"));
        // The sampler dropped each probe before the activity existed: the provider started one server span only.
        var started = Assert.Single(app.Started, s => s.Kind == ActivityKind.Server);
        Assert.Equal("/tasks/after", started.GetTagItem("url.path"));
    }

    [Fact]
    public async Task Probe_AnotherDiagnosticSubscriberAnswersFirst_StillNoSpanAndNothingBelowIt()
    {
        await using var app = await TracedWebApp.StartAsync(Map);
        // A subscriber that wants every event, as the contrib instrumentation does, subscribed after ours: ASP.NET Core
        // asks it first and never asks ours, so the sampler sees no path and the first middleware drops the probe.
        var listener = app.App.Services.GetRequiredService<DiagnosticListener>();
        using var greedy = listener.Subscribe(new IgnoringObserver(), static (_, _, _) => true);

        await Client.GetAsync(new Uri(app.BaseAddress, "/healthz"));
        await Client.GetAsync(new Uri(app.BaseAddress, "/health/readiness"));
        await Client.GetAsync(new Uri(app.BaseAddress, "/tasks/after"));

        var spans = await app.WaitForSpansAsync(s => s.Any(x => x.GetTagItem("url.path") as string == "/tasks/after"));
        await Task.Delay(200);
        spans = app.Spans;
        Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        Assert.DoesNotContain(spans, s => (s.GetTagItem("url.full") as string ?? string.Empty).Contains("from-probe", StringComparison.Ordinal));
        var after = Server(spans, "GET /tasks/{id}");
        Assert.Equal("127.0.0.1", after.GetTagItem("server.address"));
        Assert.True(app.Started.Count(s => s.Kind == ActivityKind.Server) > 1, "the probes were started before being dropped");
    }

    private sealed class IgnoringObserver : IObserver<KeyValuePair<string, object?>>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
        }
    }
}
