using Tracing.Sdk;
using Tracing.Sdk.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The one line that gives a .NET service on Kubernetes complete traces: <c>builder.AddK8sTracing();</c>.
/// </summary>
public static class K8sTracingHostApplicationBuilderExtensions
{
    /// <summary>
    /// Sets up OpenTelemetry tracing for the application's whole life, in OpenTelemetry's own tracer provider (the one
    /// <c>services.AddOpenTelemetry()</c> builds, so sources and instrumentation the application or its libraries add there
    /// are exported too): built when the host starts and flushed when it stops, OTLP export to the sidecar collector (<c>http://localhost:4317</c>), the standard
    /// <c>OTEL_*</c> environment variables, Kubernetes resource attributes, health-probe filtering, context propagation
    /// per <c>OTEL_PROPAGATORS</c>, and trace ids in log scopes. Calling it again extends the same setup.
    /// With <c>OTEL_SDK_DISABLED=true</c> it registers nothing.
    /// </summary>
    /// <typeparam name="TBuilder">The host builder type.</typeparam>
    /// <param name="builder">The host builder.</param>
    /// <param name="configure">Changes to the options after configuration was read; what it sets wins.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">An option set in code is invalid; the message lists every problem.</exception>
    public static TBuilder AddK8sTracing<TBuilder>(this TBuilder builder, Action<K8sTracingOptions>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        K8sTracingSetup.Apply(builder.Services, builder.Configuration, builder.Environment.ApplicationName, configure);
        return builder;
    }
}
