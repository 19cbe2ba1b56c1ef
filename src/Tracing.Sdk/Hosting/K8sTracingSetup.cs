using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Tracing.Sdk.Configuration;
using Tracing.Sdk.Diagnostics;
using Tracing.Sdk.Propagation;

namespace Tracing.Sdk.Hosting;

/// <summary>
/// What <c>AddK8sTracing</c> does, shared by the host-agnostic entry point and the ASP.NET Core one.
/// </summary>
internal static class K8sTracingSetup
{
    /// <summary>
    /// Reads configuration, runs <paramref name="configure"/>, validates, and registers the provider's lifetime the first time.
    /// A later call applies its delegate to the same options. Returns null when tracing is disabled.
    /// </summary>
    public static K8sTracingState? Apply(IHostApplicationBuilder builder, Action<K8sTracingOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var state = Find(builder.Services);
        if (state is not null)
        {
            configure?.Invoke(state.Options);
            K8sTracingOptionsValidator.ThrowIfInvalid(state.Options, state.Configured);
            return state.Options.Enabled && state.Components.Contains(Core) ? state : null;
        }

        var diagnostics = new SetupDiagnostics();
        var options = new K8sTracingOptions();
        var configured = K8sTracingConfigurationReader.Read(builder.Configuration, options, diagnostics);
        configure?.Invoke(options);
        K8sTracingOptionsValidator.ThrowIfInvalid(options, configured);

        state = new K8sTracingState(options, configured, diagnostics, builder.Environment.ApplicationName);
        builder.Services.AddSingleton(state);

        if (!options.Enabled)
        {
            TracingSdkEventSource.Log.Disabled(configured.OriginOf("enabled", options.Enabled));
            return null;
        }

        state.Components.Add(Core);
        builder.Services.AddSingleton<TracerProviderHolder>();
        builder.Services.AddSingleton<TracerProvider>(sp => sp.GetRequiredService<TracerProviderHolder>().Provider);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TracerProviderLifetime>());

        // Logs join traces: every ILogger scope carries the current trace and span ids.
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions |=
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        PropagationSetup.Apply(state, builder.Services);
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
