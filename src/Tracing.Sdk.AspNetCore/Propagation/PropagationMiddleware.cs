using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using OpenTelemetry;
using Tracing.Sdk.Propagation;

namespace Tracing.Sdk.AspNetCore.Propagation;

/// <summary>
/// Finishes, at the start of the pipeline, what extraction cannot do before the server activity exists: under
/// <see cref="IncomingTraceContext.Link"/> it links the new root to the caller's context (.NET 10's
/// <see cref="Activity.AddLink"/>; ASP.NET Core passes no links at creation, so the sampler does not see it); for trusted
/// callers it makes their baggage OpenTelemetry's <see cref="Baggage.Current"/> for the request; and it records the
/// pass-through headers on the server span as <c>http.request.header.&lt;name&gt;</c> (<see cref="PassThroughHeaders"/>).
/// </summary>
internal sealed class PropagationMiddleware
{
    private readonly RequestDelegate _next;
    private readonly RequestPropagator _propagator;
    private readonly PropagationCodec _codec;
    private readonly bool _links;

    public PropagationMiddleware(RequestDelegate next, RequestPropagator propagator)
    {
        _next = next;
        _propagator = propagator;
        _codec = propagator.Inner.Codec;
        _links = propagator.Policy.HasLink;
    }

    /// <summary>False when nothing configured needs a look at the request: then the middleware is not added at all.</summary>
    public static bool IsNeeded(RequestPropagator propagator) =>
        propagator.Policy.HasLink || !propagator.PassThrough.IsEmpty || (propagator.Inner.Codec.HasBaggage && propagator.Policy.HasTrust);

    public Task InvokeAsync(HttpContext context)
    {
        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
        var headers = context.Request.Headers;
        var policy = _propagator.Policy.For(context.Request.Path);

        if (activity is not null)
        {
            if (_links && policy == IncomingTraceContext.Link && activity.IsAllDataRequested)
            {
                AddCallerLink(activity, _codec, headers);
            }

            _propagator.PassThrough.Record(activity, headers);
        }

        if (policy == IncomingTraceContext.Trust && _codec.GetBaggageHeader(new HeaderDictionarySource(headers)) is { } baggageHeader &&
            BaggageReader.Read(baggageHeader) is { Count: > 0 } baggage)
        {
            return InvokeWithBaggageAsync(context, baggage);
        }

        return _next(context);
    }

    private static void AddCallerLink(Activity activity, PropagationCodec codec, IHeaderDictionary headers)
    {
        Span<char> traceParent = stackalloc char[W3CTraceContext.TraceParentLength];
        if (codec.Extract(new HeaderDictionarySource(headers), traceParent, out _, out var traceState) == ExtractOutcome.Context)
        {
            activity.AddLink(new ActivityLink(W3CTraceContext.ToActivityContext(traceParent, traceState, TraceFlagBits.Known)));
        }
    }

    private async Task InvokeWithBaggageAsync(HttpContext context, Baggage baggage)
    {
        // Set inside an async method, so the request's baggage flows down the pipeline and is gone when it returns.
        Baggage.Current = baggage;
        await _next(context).ConfigureAwait(false);
    }
}
