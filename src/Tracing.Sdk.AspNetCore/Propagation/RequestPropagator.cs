using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Tracing.Sdk.Propagation;

namespace Tracing.Sdk.AspNetCore.Propagation;

/// <summary>
/// Wraps the process's <see cref="K8sDistributedContextPropagator"/> with what only a web application knows: the
/// request being handled. Extraction from that request's headers follows its path's <see cref="IncomingContextPolicy"/>
/// (<c>Ignore</c> and <c>Link</c> start a new root and drop the caller's baggage); injection into an outgoing
/// HttpClient request adds the mesh headers (<c>x-request-id</c>, ...) received on the request being handled.
/// </summary>
internal sealed class RequestPropagator : DistributedContextPropagator
{
    /// <summary>The longest pass-through header value carried; longer ones are not forwarded.</summary>
    public const int MaxPassThroughLength = 1024;

    private readonly K8sDistributedContextPropagator _inner;
    private readonly IncomingContextPolicy _policy;
    private readonly string[] _passThroughHeaders;
    private readonly IHttpContextAccessor _accessor;
    private readonly string[] _fields;

    public RequestPropagator(K8sDistributedContextPropagator inner, IncomingContextPolicy policy, string[] passThroughHeaders, IHttpContextAccessor accessor)
    {
        _inner = inner;
        _policy = policy;
        _passThroughHeaders = passThroughHeaders;
        _accessor = accessor;
        _fields = [.. inner.Fields, .. passThroughHeaders];
    }

    public K8sDistributedContextPropagator Inner => _inner;

    public IncomingContextPolicy Policy => _policy;

    public override IReadOnlyCollection<string> Fields => _fields;

    public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState)
    {
        if (PolicyFor(carrier) != IncomingTraceContext.Trust)
        {
            // The caller's headers are not read, so a deny left by an earlier extraction on this thread must not apply.
            DenyOnlyDecision.Clear();
            traceId = null;
            traceState = null;
            return;
        }

        _inner.ExtractTraceIdAndState(carrier, getter, out traceId, out traceState);
    }

    public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) =>
        PolicyFor(carrier) == IncomingTraceContext.Trust ? _inner.ExtractBaggage(carrier, getter) : null;

    public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter)
    {
        _inner.Inject(activity, carrier, setter);
        if (setter is null || _passThroughHeaders.Length == 0 || _accessor.HttpContext is not { } context)
        {
            return;
        }

        var headers = context.Request.Headers;
        foreach (var name in _passThroughHeaders)
        {
            if (headers.TryGetValue(name, out var values) && values.Count == 1 && values[0] is { } value && IsForwardable(value) &&
                !(carrier is HttpRequestMessage request && request.Headers.Contains(name)))
            {
                setter(carrier, name, value);
            }
        }
    }

    /// <summary>The value goes out again as received, so only plain visible ASCII of bounded length is carried.</summary>
    internal static bool IsForwardable(string value)
    {
        if (value.Length is 0 or > MaxPassThroughLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private IncomingTraceContext PolicyFor(object? carrier)
    {
        if (_policy.AlwaysTrust || carrier is not IHeaderDictionary headers)
        {
            return IncomingTraceContext.Trust;
        }

        // ASP.NET Core hands the request's own header dictionary; the accessor is set before the server activity is created.
        return _accessor.HttpContext is { } context && ReferenceEquals(context.Request.Headers, headers)
            ? _policy.For(context.Request.Path)
            : _policy.Default;
    }
}
