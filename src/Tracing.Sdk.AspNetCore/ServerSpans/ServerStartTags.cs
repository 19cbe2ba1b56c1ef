using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Tracing.Sdk.AspNetCore.ServerSpans;

/// <summary>
/// The start attributes of the HTTP server semantic conventions, as ASP.NET Core sets them when its
/// <c>SuppressActivityOpenTelemetryData</c> switch is off: <c>server.address</c>, <c>server.port</c>,
/// <c>http.request.method</c> (and <c>http.request.method_original</c>), <c>user_agent.original</c>, <c>url.scheme</c>
/// and <c>url.path</c>. Tracing.Sdk leaves that switch at its default and sets them here, on recorded spans only, so a
/// probe or a sampled-out request pays nothing for them.
/// </summary>
internal static class ServerStartTags
{
    private const string OtherMethod = "_OTHER";
    private static readonly object HttpPort = 80;
    private static readonly object HttpsPort = 443;

    // The last host and port seen: a server answers on a few of each, so most requests reuse them instead of allocating.
    private static HostParts s_lastHost = new(string.Empty, string.Empty);
    private static object s_lastPort = 0;

    /// <summary>True when ASP.NET Core already set them (an application switched its start tags on).</summary>
    public static bool AreSet(Activity activity) => activity.GetTagItem("url.path") is not null;

    /// <summary>
    /// Tags <paramref name="activity"/> with the request's start attributes; <paramref name="urlPath"/>,
    /// <paramref name="normalizedMethod"/> and <paramref name="userAgent"/> are what <see cref="Read"/> gave for it,
    /// before the span was sampled.
    /// </summary>
    public static void Set(Activity activity, HttpRequest request, string urlPath, string normalizedMethod, string? userAgent)
    {
        var host = request.Host;
        if (host.HasValue)
        {
            activity.SetTag("server.address", HostName(host));
            if (Port(host, request.Scheme) is { } port)
            {
                activity.SetTag("server.port", port);
            }
        }

        var method = request.Method;
        activity.SetTag("http.request.method", normalizedMethod);
        if (!string.Equals(method, normalizedMethod, StringComparison.Ordinal))
        {
            activity.SetTag("http.request.method_original", method);
        }

        if (userAgent is not null)
        {
            activity.SetTag("user_agent.original", userAgent);
        }

        activity.SetTag("url.scheme", request.Scheme);
        activity.SetTag("url.path", urlPath);
    }

    /// <summary>
    /// What the samplers decide on and the start attributes are set from: <see cref="UrlPath"/>,
    /// <see cref="NormalizeMethod"/> of the method and <see cref="UserAgent"/>.
    /// </summary>
    public static void Read(HttpRequest request, out string urlPath, out string normalizedMethod, out string? userAgent)
    {
        urlPath = UrlPath(request);
        normalizedMethod = NormalizeMethod(request.Method);
        userAgent = UserAgent(request);
    }

    /// <summary><c>url.path</c>: the path base and path, escaped as in the request line; <c>/</c> when both are empty.</summary>
    public static string UrlPath(HttpRequest request)
    {
        var pathBase = request.PathBase;
        var path = request.Path;
        if (!pathBase.HasValue)
        {
            return path.HasValue ? path.ToUriComponent() : "/";
        }

        return (pathBase + path).ToUriComponent();
    }

    /// <summary>The first <c>User-Agent</c> value; null when there is none or it is empty.</summary>
    public static string? UserAgent(HttpRequest request)
    {
        var values = request.Headers.UserAgent;
        var userAgent = values.Count > 0 ? values[0] : null;
        return string.IsNullOrEmpty(userAgent) ? null : userAgent;
    }

    /// <summary>A method the HTTP conventions know, in upper case; <c>_OTHER</c> for any other.</summary>
    public static string NormalizeMethod(string method)
    {
        // Kestrel hands out these very instances for the common methods.
        if (ReferenceEquals(method, HttpMethods.Get) || ReferenceEquals(method, HttpMethods.Post) ||
            ReferenceEquals(method, HttpMethods.Put) || ReferenceEquals(method, HttpMethods.Delete))
        {
            return method;
        }

        return method.ToUpperInvariant() switch
        {
            "GET" => HttpMethods.Get,
            "POST" => HttpMethods.Post,
            "PUT" => HttpMethods.Put,
            "DELETE" => HttpMethods.Delete,
            "PATCH" => HttpMethods.Patch,
            "HEAD" => HttpMethods.Head,
            "OPTIONS" => HttpMethods.Options,
            "TRACE" => HttpMethods.Trace,
            "CONNECT" => HttpMethods.Connect,
            _ => OtherMethod,
        };
    }

    private static string HostName(HostString host)
    {
        var last = s_lastHost;
        if (string.Equals(last.Value, host.Value, StringComparison.Ordinal))
        {
            return last.Host;
        }

        var parts = new HostParts(host.Value!, host.Host);
        s_lastHost = parts;
        return parts.Host;
    }

    private static object? Port(HostString host, string scheme)
    {
        if (host.Port is { } port)
        {
            var last = s_lastPort;
            if ((int)last == port)
            {
                return last;
            }

            object boxed = port;
            s_lastPort = boxed;
            return boxed;
        }

        if (string.Equals(scheme, "http", StringComparison.OrdinalIgnoreCase))
        {
            return HttpPort;
        }

        return string.Equals(scheme, "https", StringComparison.OrdinalIgnoreCase) ? HttpsPort : null;
    }

    private sealed record HostParts(string Value, string Host);
}
