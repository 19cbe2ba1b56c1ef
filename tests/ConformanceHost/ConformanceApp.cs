using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using OpenTelemetry;

namespace ConformanceHost;

/// <summary>
/// A service a test suite drives over HTTP to check propagation end to end. Tracing is configured only through
/// <c>AddK8sTracing</c> (so <c>OTEL_PROPAGATORS</c> and the <c>K8sTracing</c> section apply as in production).
/// <list type="bullet">
/// <item><c>POST /test</c>: the W3C trace-context test harness's service contract — a JSON list of <c>{url, arguments}</c>;
/// each <c>arguments</c> is POSTed as JSON to its <c>url</c>, propagating context.</item>
/// <item><c>GET /trace-echo?callback=&lt;loopback url&gt;</c>: calls the callback (GET), then returns the server span's
/// <c>traceId</c>, <c>spanId</c>, <c>parentSpanId</c>, <c>sampled</c>, <c>traceFlags</c>, <c>traceState</c> and <c>baggage</c>.</item>
/// </list>
/// </summary>
public static class ConformanceApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddK8sTracing();

        // Created after AddK8sTracing so its handler injects through the configured propagator.
        builder.Services.AddSingleton(_ => new HttpClient { Timeout = TimeSpan.FromSeconds(10) });

        var app = builder.Build();
        app.MapPost("/test", HarnessAsync);
        app.MapGet("/trace-echo", TraceEchoAsync);
        return app;
    }

    private static async Task<IResult> HarnessAsync(HttpContext context, HttpClient client)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }

        if (body is not JsonArray cases)
        {
            return Results.BadRequest();
        }

        foreach (var item in cases)
        {
            if (item?["url"]?.GetValue<string>() is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var target))
            {
                continue;
            }

            var arguments = item["arguments"]?.ToJsonString() ?? "[]";
            using var content = new StringContent(arguments, System.Text.Encoding.UTF8, "application/json");
            try
            {
                using var response = await client.PostAsync(target, content, context.RequestAborted);
            }
            catch (HttpRequestException)
            {
                // The harness judges what arrived, not whether its endpoint answered.
            }
        }

        return Results.Ok();
    }

    private static async Task<IResult> TraceEchoAsync(HttpContext context, HttpClient client, string? callback)
    {
        int? callbackStatus = null;
        if (callback is not null)
        {
            if (!Uri.TryCreate(callback, UriKind.Absolute, out var target) || !IsLoopback(target))
            {
                return Results.BadRequest("callback must be an absolute loopback URL");
            }

            using var response = await client.GetAsync(target, context.RequestAborted);
            callbackStatus = (int)response.StatusCode;
        }

        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
        var baggage = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in Baggage.Current)
        {
            baggage[item.Key] = item.Value;
        }

        return Results.Json(new
        {
            traceId = activity?.TraceId.ToHexString(),
            spanId = activity?.SpanId.ToHexString(),
            parentSpanId = activity is null || activity.ParentSpanId == default ? null : activity.ParentSpanId.ToHexString(),
            sampled = activity?.Recorded ?? false,
            traceFlags = activity is null ? 0 : (int)activity.ActivityTraceFlags,
            traceState = activity?.TraceStateString,
            links = activity?.Links.Select(link => new { traceId = link.Context.TraceId.ToHexString(), spanId = link.Context.SpanId.ToHexString() }).ToArray(),
            baggage,
            callbackStatus,
        });
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
