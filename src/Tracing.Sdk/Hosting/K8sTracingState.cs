using OpenTelemetry.Trace;
using Tracing.Sdk.Configuration;

namespace Tracing.Sdk.Hosting;

/// <summary>
/// Everything one <c>AddK8sTracing</c> setup knows, kept as a singleton so a second call finds and extends the first.
/// The ASP.NET Core and AWS packages add their sources and steps here rather than to the user's options.
/// </summary>
internal sealed class K8sTracingState
{
    public K8sTracingState(K8sTracingOptions options, ConfiguredValues configured, SetupDiagnostics diagnostics, string applicationName)
    {
        Options = options;
        Configured = configured;
        Diagnostics = diagnostics;
        ApplicationName = applicationName;
    }

    public K8sTracingOptions Options { get; }

    public ConfiguredValues Configured { get; }

    public SetupDiagnostics Diagnostics { get; }

    public string ApplicationName { get; }

    /// <summary>ActivitySource names added by Tracing.Sdk's own packages.</summary>
    public HashSet<string> Sources { get; } = new(StringComparer.Ordinal) { "System.Net.Http" };

    /// <summary>Steps added by Tracing.Sdk's own packages, run while the provider is built, before anything the application adds.</summary>
    public List<Action<TracerProviderBuilder>> ProviderSteps { get; } = [];

    /// <summary>Names of the components already registered, so each registers once however often AddK8sTracing is called.</summary>
    public HashSet<string> Components { get; } = new(StringComparer.Ordinal);

    /// <summary>The exporters registered so far: a later call adds those its options name, once each (a call cannot remove one).</summary>
    public TracesExporter RegisteredExporters { get; set; }

    /// <summary>How many of <see cref="K8sTracingOptions.ConfigureTracerProvider"/>'s steps ran on OpenTelemetry's builder.</summary>
    public int StepsApplied { get; set; }

    /// <summary>Lines other packages add to the startup report (for example the propagators in use).</summary>
    public Dictionary<string, string> ReportEntries { get; } = new(StringComparer.Ordinal);
}
