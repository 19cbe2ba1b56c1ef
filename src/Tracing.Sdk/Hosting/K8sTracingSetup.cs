using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tracing.Sdk.Configuration;
using Tracing.Sdk.Diagnostics;
using Tracing.Sdk.Propagation;

namespace Tracing.Sdk.Hosting;

/// <summary>
/// What <c>AddK8sTracing</c> and <c>UseK8sTracing</c> do, shared by the host-agnostic entry points and the ASP.NET Core ones.
/// </summary>
internal static class K8sTracingSetup
{
    /// <summary>
    /// Reads configuration, runs <paramref name="configure"/>, validates, and registers Tracing.Sdk into OpenTelemetry's
    /// providers the first time. A later call applies its delegate to the same options. Returns null when tracing is disabled.
    /// </summary>
    public static K8sTracingState? Apply(
        IServiceCollection services,
        IConfiguration configuration,
        string applicationName,
        Action<K8sTracingOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);

        var state = Find(services);
        if (state is not null)
        {
            configure?.Invoke(state.Options);
            K8sTracingOptionsValidator.ThrowIfInvalid(state.Options, state.Configured);
            if (!state.Options.Enabled || !state.Components.Contains(Core))
            {
                return null;
            }

            TracingRegistration.Extend(state, services);
            return state;
        }

        var diagnostics = new SetupDiagnostics();
        var options = new K8sTracingOptions();
        var configured = K8sTracingConfigurationReader.Read(configuration, options, diagnostics);
        configure?.Invoke(options);
        K8sTracingOptionsValidator.ThrowIfInvalid(options, configured);

        state = new K8sTracingState(options, configured, diagnostics, applicationName);
        services.AddSingleton(state);

        if (!options.Enabled)
        {
            TracingSdkEventSource.Log.Disabled(configured.OriginOf("enabled", options.Enabled));
            return null;
        }

        state.Components.Add(Core);
        SdkConfigurationDefaults.Apply(configuration, options.OutageStorage);
        TracingRegistration.Register(state, services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TracerProviderLifetime>());

        // Logs join traces: every ILogger scope carries the current trace and span ids.
        services.Configure<LoggerFactoryOptions>(logging => logging.ActivityTrackingOptions |=
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        PropagationSetup.Apply(state, services);
        return state;
    }

    private const string Core = "core";

    private static K8sTracingState? Find(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(K8sTracingState) && descriptor.ImplementationInstance is K8sTracingState state)
            {
                return state;
            }
        }

        return null;
    }
}
