using Tracing.Sdk;
using Tracing.Sdk.AspNetCore;
using Tracing.Sdk.Hosting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// The one line for an ASP.NET Core service: <c>builder.AddK8sTracing();</c>.
/// </summary>
public static class K8sTracingWebApplicationBuilderExtensions
{
    /// <summary>
    /// Everything the host-agnostic <c>AddK8sTracing</c> does, plus complete server spans for ASP.NET Core requests:
    /// named <c>{METHOD} {route}</c>, with <c>http.route</c>, <c>http.response.status_code</c>,
    /// <c>network.protocol.version</c>, a redacted <c>url.query</c>, and Error status with <c>error.type</c> for 5xx
    /// responses and unhandled exceptions. Health probes create no span. Calling it again extends the same setup.
    /// </summary>
    /// <param name="builder">The web application builder.</param>
    /// <param name="configure">Changes to the options after configuration was read; what it sets wins.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">An option set in code is invalid; the message lists every problem.</exception>
    public static WebApplicationBuilder AddK8sTracing(this WebApplicationBuilder builder, Action<K8sTracingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (K8sTracingSetup.Apply(builder.Services, builder.Configuration, builder.Environment.ApplicationName, configure) is { } state)
        {
            AspNetCoreTracing.Register(state, builder.Services);
        }

        return builder;
    }
}
