using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Tracing.Sdk.AspNetCore.ServerSpans;

/// <summary>
/// The end-of-request part of the HTTP server semantic conventions: span name, <c>http.route</c>,
/// <c>http.response.status_code</c>, <c>network.protocol.version</c>, <c>url.query</c> (redacted), and error status.
/// </summary>
internal static class ServerSpanCompletion
{
    private static readonly object[] BoxedStatusCodes = CreateBoxedStatusCodes();
    private static readonly ConcurrentDictionary<(string Method, string Route), string> SpanNames = new();
    private const int MaxCachedSpanNames = 4096;

    public static bool RecordException(Activity activity, Exception exception)
    {
        var type = exception.GetType().FullName ?? exception.GetType().Name;
        activity.SetTag("error.type", type);
        activity.SetStatus(ActivityStatusCode.Error);
        activity.AddException(exception);
        return false;
    }

    public static void Complete(Activity activity, HttpContext context, QueryRedaction queryRedaction)
    {
        var request = context.Request;
        var statusCode = activity.Status == ActivityStatusCode.Error && context.Response.StatusCode < 500 && !context.Response.HasStarted
            ? StatusCodes.Status500InternalServerError
            : context.Response.StatusCode;
        activity.SetTag("http.response.status_code", Box(statusCode));

        if (ProtocolVersion(request.Protocol) is { } version)
        {
            activity.SetTag("network.protocol.version", version);
        }

        if (request.QueryString.HasValue)
        {
            activity.SetTag("url.query", queryRedaction.Redact(request.QueryString.Value!));
        }

        var method = activity.GetTagItem("http.request.method") as string ?? request.Method;
        // UseExceptionHandler clears the endpoint before re-executing; the one that failed is on its feature.
        var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText;
        if (route is not null)
        {
            activity.SetTag("http.route", route);
            activity.DisplayName = SpanName(method, route);
        }
        else
        {
            activity.DisplayName = method == "_OTHER" ? "HTTP" : method;
        }

        if (statusCode >= 500)
        {
            activity.SetStatus(ActivityStatusCode.Error);
            if (activity.GetTagItem("error.type") is null)
            {
                activity.SetTag("error.type", StatusCodeText(statusCode));
            }
        }
    }

    private static string SpanName(string method, string route)
    {
        var name = method == "_OTHER" ? "HTTP" : method;
        if (SpanNames.TryGetValue((name, route), out var cached))
        {
            return cached;
        }

        var spanName = name + " " + route;
        if (SpanNames.Count < MaxCachedSpanNames)
        {
            SpanNames.TryAdd((name, route), spanName);
        }

        return spanName;
    }

    private static string? ProtocolVersion(string protocol) => protocol switch
    {
        "HTTP/1.1" => "1.1",
        "HTTP/2" => "2",
        "HTTP/3" => "3",
        "HTTP/1.0" => "1.0",
        _ => null,
    };

    private static object Box(int statusCode) =>
        statusCode is >= 100 and < 600 ? BoxedStatusCodes[statusCode - 100] : statusCode;

    private static string StatusCodeText(int statusCode) => statusCode switch
    {
        500 => "500",
        502 => "502",
        503 => "503",
        504 => "504",
        _ => statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static object[] CreateBoxedStatusCodes()
    {
        var boxed = new object[500];
        for (var i = 0; i < boxed.Length; i++)
        {
            boxed[i] = i + 100;
        }

        return boxed;
    }
}
