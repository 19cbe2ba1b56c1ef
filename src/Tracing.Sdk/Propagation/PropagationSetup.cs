using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using Tracing.Sdk.Configuration;
using Tracing.Sdk.Hosting;

namespace Tracing.Sdk.Propagation;

/// <summary>
/// Installs the configured propagators as the process's one truth for context propagation.
/// </summary>
internal static class PropagationSetup
{
    public static void Apply(K8sTracingState state, IServiceCollection services)
    {
        var propagators = new List<TextMapPropagator>();
        var names = new List<string>();
        foreach (var name in state.Options.Propagators)
        {
            switch (name)
            {
                case "tracecontext":
                    propagators.Add(new TraceContextPropagator());
                    names.Add(name);
                    break;
                case "baggage":
                    propagators.Add(new BaggagePropagator());
                    names.Add(name);
                    break;
                case "none":
                    break;
                default:
                    state.Diagnostics.Warn(OtelEnvironmentVariables.Propagators, $"'{name}' is not a propagator this SDK provides; it was skipped.");
                    break;
            }
        }

        OpenTelemetry.Sdk.SetDefaultTextMapPropagator(new CompositeTextMapPropagator(propagators));
        state.ReportEntries["propagators"] = names.Count == 0 ? "none" : string.Join(',', names);
        _ = services;
    }
}
