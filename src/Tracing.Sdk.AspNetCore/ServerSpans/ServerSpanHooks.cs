using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using OpenTelemetry.Instrumentation.AspNetCore;
using Tracing.Sdk.Instrumentation;

namespace Tracing.Sdk.AspNetCore.ServerSpans;

/// <summary>
/// The server hooks of <see cref="AspNetCoreTraceInstrumentationOptions"/>, as the application set them, run by
/// <see cref="ServerSpanMiddleware"/> on ASP.NET Core's own server span at the points the contrib package runs them.
/// A hook that throws is reported once and otherwise ignored; a failing <c>Filter</c> drops the span, as in contrib.
/// </summary>
internal sealed class ServerSpanHooks
{
    private const string Options = nameof(AspNetCoreTraceInstrumentationOptions) + ".";

    private readonly HookFailures _failures;

    public ServerSpanHooks(HookFailures failures)
    {
        _failures = failures;
    }

    public Func<HttpContext, bool>? Filter { get; private set; }

    public Action<Activity, HttpRequest>? EnrichWithHttpRequest { get; private set; }

    public Action<Activity, HttpResponse>? EnrichWithHttpResponse { get; private set; }

    public Action<Activity, Exception>? EnrichWithException { get; private set; }

    /// <summary>Server spans record an unhandled exception as an event anyway; kept only so contrib does not record it twice.</summary>
    public bool RecordException { get; private set; }

    public bool IsEmpty => Filter is null && EnrichWithHttpRequest is null && EnrichWithHttpResponse is null && EnrichWithException is null;

    /// <summary>Takes the hooks out of <paramref name="options"/>; creating the options again takes the same hooks again.</summary>
    public void Take(AspNetCoreTraceInstrumentationOptions options)
    {
        Filter = options.Filter;
        EnrichWithHttpRequest = options.EnrichWithHttpRequest;
        EnrichWithHttpResponse = options.EnrichWithHttpResponse;
        EnrichWithException = options.EnrichWithException;
        RecordException = options.RecordException;

        options.Filter = null;
        options.EnrichWithHttpRequest = null;
        options.EnrichWithHttpResponse = null;
        options.EnrichWithException = null;
        options.RecordException = false;
    }

    /// <summary>Runs <c>Filter</c>; a request it rejects keeps its (already created) activity, recorded and exported no more.</summary>
    public bool Keep(Activity activity, HttpContext context)
    {
        if (Filter is not { } filter)
        {
            return true;
        }

        bool keep;
        try
        {
            keep = filter(context);
        }
#pragma warning disable CA1031 // A hook's failure must never reach the request.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _failures.Report(Options + nameof(AspNetCoreTraceInstrumentationOptions.Filter), exception);
            keep = false;
        }

        if (!keep)
        {
            activity.IsAllDataRequested = false;
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }

        return keep;
    }

    public void OnRequest(Activity activity, HttpRequest request)
    {
        if (EnrichWithHttpRequest is { } enrich)
        {
            Run(enrich, activity, request, nameof(AspNetCoreTraceInstrumentationOptions.EnrichWithHttpRequest));
        }
    }

    /// <summary>For <see cref="HttpResponse.OnCompleted(Func{object, Task}, object)"/>: the state is (hooks, activity, response).</summary>
    public static Task OnCompleted(object state)
    {
        var (hooks, activity, response) = ((ServerSpanHooks, Activity, HttpResponse))state;
        hooks.OnResponse(activity, response);
        return Task.CompletedTask;
    }

    public void OnResponse(Activity activity, HttpResponse response)
    {
        if (EnrichWithHttpResponse is { } enrich)
        {
            Run(enrich, activity, response, nameof(AspNetCoreTraceInstrumentationOptions.EnrichWithHttpResponse));
        }
    }

    /// <summary>Always false, for an exception filter: the exception goes on unchanged.</summary>
    public bool OnException(Activity activity, Exception exception)
    {
        if (EnrichWithException is { } enrich)
        {
            Run(enrich, activity, exception, nameof(AspNetCoreTraceInstrumentationOptions.EnrichWithException));
        }

        return false;
    }

    private void Run<T>(Action<Activity, T> hook, Activity activity, T argument, string name)
    {
        try
        {
            hook(activity, argument);
        }
#pragma warning disable CA1031 // A hook's failure must never reach the request.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _failures.Report(Options + name, exception);
        }
    }
}
