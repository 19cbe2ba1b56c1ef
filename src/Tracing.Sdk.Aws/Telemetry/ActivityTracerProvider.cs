using Amazon.Runtime.Telemetry;
using Amazon.Runtime.Telemetry.Tracing;

namespace Tracing.Sdk.Aws.Telemetry;

/// <summary>
/// The AWS SDK's <see cref="TracerProvider"/>, answered with one tracer whatever the scope: the SDK asks for a tracer
/// on every span it creates, so this must not allocate.
/// </summary>
internal sealed class ActivityTracerProvider : TracerProvider
{
    // Tracer is IDisposable only by inheritance; the shared instance holds nothing to release.
    private static readonly ActivityTracer Tracer = new();

    public override Tracer GetTracer(string scope) => Tracer;

    public override Tracer GetTracer(string scope, Attributes attributes) => Tracer;
}
