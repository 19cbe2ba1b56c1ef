using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Tracing.Sdk.AspNetCore.ServerSpans;
using Tracing.Sdk.Configuration;
using Tracing.Sdk.Hosting;

namespace Tracing.Sdk.Benchmarks.ServerSpans;

/// <summary>
/// The end-of-request work per recorded request. Baseline: the least any completion does, setting the status code tag.
/// Without a query string the completion must allocate nothing (the status code and span name come from caches);
/// a query string costs its redacted copy.
/// </summary>
[MemoryDiagnoser]
public class ServerSpanCompletionBenchmarks
{
    private readonly QueryRedaction _redaction = new([]);
    private readonly Activity _activity = new("Microsoft.AspNetCore.Hosting.HttpRequestIn");
    private DefaultHttpContext _routed = null!;
    private DefaultHttpContext _withQuery = null!;
    private DefaultHttpContext _unrouted = null!;
    private ServerSpanMiddleware _middleware = null!;

    [GlobalSetup]
    public void Setup()
    {
        _activity.SetTag("http.request.method", "GET");
        _activity.SetTag("url.path", "/api/tasks/42");
        _routed = Context("/api/tasks/{id}", string.Empty);
        _withQuery = Context("/api/tasks/{id}", "?filter=open&token=secret");
        _unrouted = Context(null, string.Empty);

        var state = new K8sTracingState(new K8sTracingOptions(), new ConfiguredValues(), new SetupDiagnostics(), "Bench.App");
        _middleware = new ServerSpanMiddleware(_ => Task.CompletedTask, state);
        _routed.Features.Set<IHttpActivityFeature>(new ActivityFeature(_activity));
        _activity.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        _activity.IsAllDataRequested = true;
    }

    [Benchmark(Baseline = true)]
    public void StatusCodeTagOnly() => _activity.SetTag("http.response.status_code", _routed.Response.StatusCode);

    [Benchmark]
    public void CompleteRouted() => ServerSpanCompletion.Complete(_activity, _routed, _redaction);

    [Benchmark]
    public void CompleteRoutedWithQuery() => ServerSpanCompletion.Complete(_activity, _withQuery, _redaction);

    [Benchmark]
    public void CompleteUnrouted() => ServerSpanCompletion.Complete(_activity, _unrouted, _redaction);

    [Benchmark]
    public Task MiddlewareRecorded() => _middleware.InvokeAsync(_routed);

    private static DefaultHttpContext Context(string? route, string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Protocol = "HTTP/1.1";
        context.Request.Path = "/api/tasks/42";
        context.Request.QueryString = new QueryString(query);
        context.Response.StatusCode = 200;
        if (route is not null)
        {
            context.SetEndpoint(new RouteEndpoint(
                _ => Task.CompletedTask,
                RoutePatternFactory.Parse(route),
                0,
                EndpointMetadataCollection.Empty,
                "bench"));
        }

        return context;
    }

    private sealed class ActivityFeature(Activity activity) : IHttpActivityFeature
    {
        public Activity Activity { get; set; } = activity;
    }
}
