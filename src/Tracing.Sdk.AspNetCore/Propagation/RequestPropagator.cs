using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Tracing.Sdk.Propagation;

namespace Tracing.Sdk.AspNetCore.Propagation;

/// <summary>
/// Wraps the process's <see cref="K8sDistributedContextPropagator"/> with what only a web application knows: the
/// request being handled. Extraction from that request's headers follows its path's <see cref="IncomingContextPolicy"/>
/// (<c>Ignore</c> and <c>Link</c> start a new root and drop the caller's baggage); injection into an outgoing
/// HttpClient request adds the mesh headers (<c>x-request-id</c>, ...) received on the request being handled
/// (<see cref="PassThroughHeaders"/>).
/// </summary>
internal sealed class RequestPropagator : DistributedContextPropagator
{
    private readonly K8sDistributedContextPropagator _inner;
    private readonly IncomingContextPolicy _policy;
    private readonly PassThroughHeaders _passThrough;
    private readonly IHttpContextAccessor? _accessor;
    private readonly string[] _fields;

    /// <summary>The accessor is needed, and only given, when some path does not trust its callers.</summary>
    public RequestPropagator(K8sDistributedContextPropagator inner, IncomingContextPolicy policy, PassThroughHeaders passThrough, IHttpContextAccessor? accessor)
    {
        _inner = inner;
        _policy = policy;
        _passThrough = passThrough;
        _accessor = policy.AlwaysTrust ? null : accessor ?? throw new ArgumentNullException(nameof(accessor));
        _fields = [.. inner.Fields, .. passThrough.Names];
    }

    public K8sDistributedContextPropagator Inner => _inner;

    public IncomingContextPolicy Policy => _policy;

    public PassThroughHeaders PassThrough => _passThrough;

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
        if (setter is not null)
        {
            _passThrough.Inject(activity, carrier, setter);
        }
    }

    private IncomingTraceContext PolicyFor(object? carrier)
    {
        if (_accessor is null || carrier is not IHeaderDictionary headers)
        {
            return IncomingTraceContext.Trust;
        }

        // ASP.NET Core hands the request's own header dictionary; the accessor is set before the server activity is created.
        return _accessor.HttpContext is { } context && ReferenceEquals(context.Request.Headers, headers)
            ? _policy.For(context.Request.Path)
            : _policy.Default;
    }
}
