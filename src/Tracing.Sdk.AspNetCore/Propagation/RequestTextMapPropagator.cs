using Microsoft.AspNetCore.Http;
using OpenTelemetry.Context.Propagation;

namespace Tracing.Sdk.AspNetCore.Propagation;

/// <summary>
/// OpenTelemetry's default <see cref="TextMapPropagator"/> with the trust boundary: extraction from an incoming
/// <see cref="HttpRequest"/> follows the <see cref="IncomingContextPolicy"/> of the application that received it (found
/// through its request services, since the default propagator is one per process), as ASP.NET Core's own extraction does
/// through <see cref="RequestPropagator"/>. The contrib ASP.NET Core instrumentation extracts the caller's context this
/// way and re-parents the server span when it differs; under <c>Ignore</c> and <c>Link</c> it finds none.
/// </summary>
internal sealed class RequestTextMapPropagator : TextMapPropagator
{
    private readonly TextMapPropagator _inner;

    public RequestTextMapPropagator(TextMapPropagator inner)
    {
        _inner = inner;
    }

    public override ISet<string>? Fields => _inner.Fields;

    public override PropagationContext Extract<T>(PropagationContext context, T carrier, Func<T, string, IEnumerable<string>?> getter) =>
        carrier is HttpRequest request && !IsTrusted(request)
            ? context
            : _inner.Extract(context, carrier, getter);

    public override void Inject<T>(PropagationContext context, T carrier, Action<T, string, string> setter) =>
        _inner.Inject(context, carrier, setter);

    private static bool IsTrusted(HttpRequest request) =>
        request.HttpContext.RequestServices?.GetService(typeof(System.Diagnostics.DistributedContextPropagator)) is not RequestPropagator own ||
        own.Policy.For(request.Path) == IncomingTraceContext.Trust;
}
