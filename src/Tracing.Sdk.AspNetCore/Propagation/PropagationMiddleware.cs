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
/// pass-through headers on the server span as <c>http.request.header.&lt;name&gt;</c>.
/// </summary>
internal sealed class PropagationMiddleware
{
    private readonly RequestDelegate _next;
    private readonly RequestPropagator _propagator;
    private readonly string[] _passThroughHeaders;
    private readonly string[] _passThroughTags;

    public PropagationMiddleware(RequestDelegate next, RequestPropagator propagator, string[] passThroughHeaders)
    {
        _next = next;
        _propagator = propagator;
        _passThroughHeaders = passThroughHeaders;
        _passThroughTags = [.. passThroughHeaders.Select(header => "http.request.header." + header)];
    }

    public Task InvokeAsync(HttpContext context)
    {
        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
        var headers = context.Request.Headers;
        var codec = _propagator.Inner.Codec;
        var policy = _propagator.Policy.For(context.Request.Path);

        if (activity is { IsAllDataRequested: true })
        {
            if (policy == IncomingTraceContext.Link)
            {
                AddCallerLink(activity, codec, headers);
            }

            RecordPassThroughHeaders(activity, headers);
        }

        if (policy == IncomingTraceContext.Trust && codec.GetBaggageHeader(new HeaderDictionarySource(headers)) is { } baggageHeader &&
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

    private void RecordPassThroughHeaders(Activity activity, IHeaderDictionary headers)
    {
        for (var i = 0; i < _passThroughHeaders.Length; i++)
        {
            if (headers.TryGetValue(_passThroughHeaders[i], out var values) && values.Count == 1 &&
                values[0] is { } value && RequestPropagator.IsForwardable(value))
            {
                activity.SetTag(_passThroughTags[i], new[] { value });
            }
        }
    }

    private async Task InvokeWithBaggageAsync(HttpContext context, Baggage baggage)
    {
        // Set inside an async method, so the request's baggage flows down the pipeline and is gone when it returns.
        Baggage.Current = baggage;
        await _next(context).ConfigureAwait(false);
    }
}
