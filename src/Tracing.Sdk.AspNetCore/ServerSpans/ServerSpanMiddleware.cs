using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Instrumentation.AspNetCore;
using OpenTelemetry.Trace;
using Tracing.Sdk.Hosting;
using Tracing.Sdk.Instrumentation;
using Tracing.Sdk.Sampling;

namespace Tracing.Sdk.AspNetCore.ServerSpans;

/// <summary>
/// Completes ASP.NET Core's server span as the HTTP semantic conventions require: the start attributes first, the rest
/// once the pipeline has run. Requests whose span is not recorded (probes, sampled out) pass straight through. A probe
/// that reached the sampler without its path (another diagnostic subscriber answered ASP.NET Core's check first) is
/// un-recorded here, before any child span exists. The application's <see cref="AspNetCoreTraceInstrumentationOptions"/>
/// hooks, when it set any, run here too.
/// </summary>
internal sealed class ServerSpanMiddleware
{
    private readonly RequestDelegate _next;
    private readonly QueryRedaction _queryRedaction;
    private readonly ServerSpanHooks? _hooks;
    private readonly ProbeFilteringSampler? _probes;

    public ServerSpanMiddleware(RequestDelegate next, K8sTracingState state, IServiceProvider? services = null)
    {
        _next = next;
        _queryRedaction = new QueryRedaction(state.Options.VisibleQueryParameters);
        if (services is not null)
        {
            HookOptions.Capture<AspNetCoreTraceInstrumentationOptions>(services);
            var hooks = services.GetRequiredService<ServerSpanHooks>();
            _hooks = hooks.IsEmpty ? null : hooks;

            // The provider first: instrumentation it creates subscribes to ASP.NET Core's listener before we do, and the
            // listener asks its newest subscriber first, so the request is noted before any other answer.
            _ = services.GetService<TracerProvider>();
            _probes = services.GetService<TracingPipeline>()?.ProbeFilter;
            if (services.GetService<DiagnosticListener>() is { } listener && services.GetService<RequestBeforeSampling>() is { } observer)
            {
                observer.Start(listener);
            }
        }
    }

    public Task InvokeAsync(HttpContext context)
    {
        // What the samplers decided on is what the span is tagged with; read once, before anything else runs.
        var noted = PendingServerRequest.Take(out var path, out var method, out var userAgent);
        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
        if (activity is null || !activity.IsAllDataRequested)
        {
            return _next(context);
        }

        if (!ServerStartTags.AreSet(activity))
        {
            var request = context.Request;
            if (!noted)
            {
                ServerStartTags.Read(request, out path, out method, out userAgent);
                if (_probes is { } probes && probes.IsProbe(path, userAgent))
                {
                    activity.IsAllDataRequested = false;
                    activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
                    return _next(context);
                }
            }

            ServerStartTags.Set(activity, request, path, method, userAgent);
        }

        return _hooks is null ? InvokeRecordedAsync(context, activity) : InvokeHookedAsync(context, activity, _hooks);
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

    private async Task InvokeHookedAsync(HttpContext context, Activity activity, ServerSpanHooks hooks)
    {
        if (!hooks.Keep(activity, context))
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        hooks.OnRequest(activity, context.Request);
        // After the server wrote the final response (the 500 of an unhandled exception included) and before the
        // activity stops: where the contrib package runs this hook.
        context.Response.OnCompleted(ServerSpanHooks.OnCompleted, (hooks, activity, context.Response));
        try
        {
            await _next(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (ServerSpanCompletion.RecordException(activity, exception) || hooks.OnException(activity, exception))
        {
            throw;
        }
        finally
        {
            ServerSpanCompletion.Complete(activity, context, _queryRedaction);
        }
    }
}
