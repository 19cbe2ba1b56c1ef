using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Tracing.Sdk.Benchmarks.Hosting;

/// <summary>
/// The least code that gives the bare SDK's server span the content AddK8sTracing's has on the benchmark's route
/// (status code, protocol version, route, span name, the <c>x-request-id</c> attribute; the start attributes come from
/// ASP.NET Core's switch): no checks, no caches, nothing configurable. What complete spans cost at the least, to read
/// ours against.
/// </summary>
internal sealed class HandCompletionStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(static async (context, nextMiddleware) =>
        {
            await nextMiddleware(context).ConfigureAwait(false);
            if (context.Features.Get<IHttpActivityFeature>()?.Activity is not { IsAllDataRequested: true } activity)
            {
                return;
            }

            activity.SetTag("http.response.status_code", context.Response.StatusCode);
            activity.SetTag("network.protocol.version", "1.1");
            if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route })
            {
                activity.SetTag("http.route", route);
                activity.DisplayName = context.Request.Method + " " + route;
            }

            if (context.Request.Headers.TryGetValue("x-request-id", out var requestId))
            {
                activity.SetTag("http.request.header.x-request-id", new[] { requestId.ToString() });
            }
        });
        next(app);
    };
}
