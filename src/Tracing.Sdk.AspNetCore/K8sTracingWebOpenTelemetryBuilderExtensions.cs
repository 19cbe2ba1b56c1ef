using Tracing.Sdk;
using Tracing.Sdk.AspNetCore;
using Tracing.Sdk.Hosting;

namespace OpenTelemetry;

/// <summary>
/// Tracing.Sdk for an ASP.NET Core application that starts from OpenTelemetry's own builder:
/// <c>builder.Services.AddOpenTelemetry().UseK8sTracing();</c>.
/// </summary>
public static class K8sTracingWebOpenTelemetryBuilderExtensions
{
    /// <summary>
    /// Does what <c>builder.AddK8sTracing()</c> does for a web application, on OpenTelemetry's builder: the host-agnostic
    /// setup plus complete server spans, probe filtering and the inbound trust boundary. Calling it again, or together
    /// with <c>AddK8sTracing</c>, extends the same setup.
    /// </summary>
    /// <param name="builder">The builder <c>services.AddOpenTelemetry()</c> returned.</param>
    /// <param name="configure">Changes to the options after configuration was read; what it sets wins.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">An option set in code is invalid; the message lists every problem.</exception>
    public static OpenTelemetryBuilder UseK8sTracing(this OpenTelemetryBuilder builder, Action<K8sTracingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (configuration, applicationName) = HostConfiguration.Find(builder.Services);
        if (K8sTracingSetup.Apply(builder.Services, configuration, applicationName, configure) is { } state)
        {
            AspNetCoreTracing.Register(state, builder.Services);
        }

        return builder;
    }
}
