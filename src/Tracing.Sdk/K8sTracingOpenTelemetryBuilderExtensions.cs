using Tracing.Sdk;
using Tracing.Sdk.Hosting;

namespace OpenTelemetry;

/// <summary>
/// Tracing.Sdk for an application that starts from OpenTelemetry's own builder:
/// <c>builder.Services.AddOpenTelemetry().UseK8sTracing();</c>.
/// </summary>
public static class K8sTracingOpenTelemetryBuilderExtensions
{
    /// <summary>
    /// Does what <c>builder.AddK8sTracing()</c> does, on OpenTelemetry's builder: the settings come from the host's
    /// configuration (the <c>OTEL_*</c> keys and the <c>K8sTracing</c> section) and <paramref name="configure"/>.
    /// Calling it again, or together with <c>AddK8sTracing</c>, extends the same setup.
    /// </summary>
    /// <typeparam name="TBuilder">The OpenTelemetry builder type.</typeparam>
    /// <param name="builder">The builder <c>services.AddOpenTelemetry()</c> returned.</param>
    /// <param name="configure">Changes to the options after configuration was read; what it sets wins.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">An option set in code is invalid; the message lists every problem.</exception>
    public static TBuilder UseK8sTracing<TBuilder>(this TBuilder builder, Action<K8sTracingOptions>? configure = null)
        where TBuilder : IOpenTelemetryBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (configuration, applicationName) = HostConfiguration.Find(builder.Services);
        K8sTracingSetup.Apply(builder.Services, configuration, applicationName, configure);
        return builder;
    }
}
