using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Context.Propagation;
using Tracing.Sdk.Hosting;
using Tracing.Sdk.Propagation;

namespace Tracing.Sdk.AspNetCore.Propagation;

/// <summary>
/// Puts the trust boundary and mesh-header pass-through around the process's propagator, for both ASP.NET Core's
/// extraction (the <see cref="DistributedContextPropagator"/> in DI) and HttpClient's injection
/// (<see cref="DistributedContextPropagator.Current"/>).
/// </summary>
internal static class AspNetCorePropagation
{
    public static void Register(K8sTracingState state, IServiceCollection services)
    {
        K8sDistributedContextPropagator? inner = null;
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(K8sDistributedContextPropagator) && descriptor.ImplementationInstance is K8sDistributedContextPropagator found)
            {
                inner = found;
            }
        }

        if (inner is null)
        {
            return;
        }

        var options = state.Options;
        var passThrough = new PassThroughHeaders(options.PassThroughHeaders);
        var policy = new IncomingContextPolicy(options.IncomingContext, options.IncomingContextByPath);

        // Only a per-path policy needs the request at extraction. HttpContextAccessor instances share one AsyncLocal, which
        // ASP.NET Core sets per request (a new ExecutionContext every await then copies) only when the accessor is registered.
        HttpContextAccessor? accessor = null;
        if (!policy.AlwaysTrust)
        {
            services.TryAddSingleton<IHttpContextAccessor, HttpContextAccessor>();
            accessor = new HttpContextAccessor();
        }

        var propagator = new RequestPropagator(inner, policy, passThrough, accessor);

        DistributedContextPropagator.Current = propagator;
        if (Propagators.DefaultTextMapPropagator is K8sTextMapPropagator textMap)
        {
            // The contrib ASP.NET Core instrumentation extracts through OpenTelemetry's propagator too.
            OpenTelemetry.Sdk.SetDefaultTextMapPropagator(new RequestTextMapPropagator(textMap));
        }

        services.RemoveAll<DistributedContextPropagator>();
        services.AddSingleton<DistributedContextPropagator>(propagator);
        if (PropagationMiddleware.IsNeeded(propagator))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IStartupFilter>(new PropagationStartupFilter(propagator)));
        }

        state.ReportEntries["incomingContext"] = policy.AlwaysTrust ? "Trust" : $"{options.IncomingContext} (+{options.IncomingContextByPath.Count} path rules)";
        state.ReportEntries["passThroughHeaders"] = passThrough.IsEmpty ? "none" : string.Join(',', passThrough.Names);
    }
}
