using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Tracing.Sdk.Hosting;

namespace Tracing.Sdk.AspNetCore.ServerSpans;

/// <summary>
/// Completes ASP.NET Core's server span as the HTTP semantic conventions require, once the rest of the pipeline has run:
/// .NET 10 sets only the start tags. Requests whose span is not recorded (probes, sampled out) pass straight through.
/// </summary>
internal sealed class ServerSpanMiddleware
{
    private readonly RequestDelegate _next;
    private readonly QueryRedaction _queryRedaction;

    public ServerSpanMiddleware(RequestDelegate next, K8sTracingState state)
    {
        _next = next;
        _queryRedaction = new QueryRedaction(state.Options.VisibleQueryParameters);
    }

    public Task InvokeAsync(HttpContext context)
    {
        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
        if (activity is null || !activity.IsAllDataRequested)
        {
            return _next(context);
        }

        return InvokeRecordedAsync(context, activity);
    }

    private async Task InvokeRecordedAsync(HttpContext context, Activity activity)
    {
        try
        {
            await _next(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (ServerSpanCompletion.RecordException(activity, exception))
        {
            throw;
        }
        finally
        {
            ServerSpanCompletion.Complete(activity, context, _queryRedaction);
        }
    }
}
