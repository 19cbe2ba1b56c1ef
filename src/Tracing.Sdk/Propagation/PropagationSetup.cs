using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Trace;
using Tracing.Sdk.Configuration;
using Tracing.Sdk.Hosting;

namespace Tracing.Sdk.Propagation;

/// <summary>
/// Installs the configured propagators as the process's one truth for context propagation: .NET's
/// <see cref="DistributedContextPropagator.Current"/> (HttpClient), the <see cref="DistributedContextPropagator"/> in
/// DI (ASP.NET Core's incoming requests) and OpenTelemetry's default <c>TextMapPropagator</c> (code that propagates by hand).
/// </summary>
internal static class PropagationSetup
{
    public static void Apply(K8sTracingState state, IServiceCollection services)
    {
        var codec = CreateCodec(state.Options.Propagators, state.Diagnostics, out var names);
        var propagator = new K8sDistributedContextPropagator(codec);

        OpenTelemetry.Sdk.SetDefaultTextMapPropagator(new K8sTextMapPropagator(codec));
        DistributedContextPropagator.Current = propagator;

        // The web host registers DistributedContextPropagator.Current as it was before this call; replace it.
        services.RemoveAll<DistributedContextPropagator>();
        services.AddSingleton<DistributedContextPropagator>(propagator);
        services.RemoveAll<K8sDistributedContextPropagator>();
        services.AddSingleton(propagator);

        state.ProviderSteps.Add(static builder => builder.AddProcessor(new TraceFlagsProcessor()));
        state.ReportEntries["propagators"] = names.Count == 0 ? "none" : string.Join(',', names);
    }

    /// <summary>
    /// Builds the composite from <c>OTEL_PROPAGATORS</c> names, in order; unknown names are reported once and skipped,
    /// repeated names count once, <c>none</c> adds nothing.
    /// </summary>
    internal static PropagationCodec CreateCodec(IEnumerable<string> configured, SetupDiagnostics diagnostics, out List<string> names)
    {
        names = [];
        bool traceContext = false, baggage = false, b3Single = false, b3Multi = false, b3First = false;
        foreach (var raw in configured)
        {
            var name = raw.Trim().ToLowerInvariant();
            if (names.Contains(name))
            {
                continue;
            }

            switch (name)
            {
                case "tracecontext":
                    traceContext = true;
                    break;
                case "baggage":
                    baggage = true;
                    break;
                case "b3":
                    b3First |= !traceContext && !b3Multi;
                    b3Single = true;
                    break;
                case "b3multi":
                    b3First |= !traceContext && !b3Single;
                    b3Multi = true;
                    break;
                case "none":
                case "":
                    continue;
                default:
                    diagnostics.Warn(OtelEnvironmentVariables.Propagators, $"'{name}' is not a propagator this SDK provides; it was skipped.");
                    continue;
            }

            names.Add(name);
        }

        return new PropagationCodec(traceContext, baggage, b3Single, b3Multi, b3First);
    }
}
