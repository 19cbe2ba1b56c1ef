using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Instrumentation.AspNetCore;
using Tracing.Sdk.AspNetCore.Propagation;
using Tracing.Sdk.AspNetCore.ServerSpans;
using Tracing.Sdk.Hosting;
using Tracing.Sdk.Instrumentation;

namespace Tracing.Sdk.AspNetCore;

/// <summary>
/// Registers what only a web application needs, once per setup.
/// </summary>
internal static class AspNetCoreTracing
{
    /// <summary>The ActivitySource ASP.NET Core creates its server activities from.</summary>
    public const string SourceName = "Microsoft.AspNetCore";

    private const string Component = "aspnetcore";

    public static void Register(K8sTracingState state, IServiceCollection services)
    {
        if (!state.Components.Add(Component))
        {
            return;
        }

        // ASP.NET Core's start tags stay at their default (off on .NET 10): the samplers get the request before the
        // activity exists from RequestBeforeSampling, and ServerSpanMiddleware tags recorded spans only.
        state.Sources.Add(SourceName);
        services.AddSingleton<RequestBeforeSampling>();

        // First in the list, so its middleware is outermost and sees the final status code and every exception.
        services.Insert(0, ServiceDescriptor.Transient<IStartupFilter, ServerSpanStartupFilter>());
        services.AddSingleton<ServerSpanHooks>();
        services.AddSingleton<IPostConfigureOptions<AspNetCoreTraceInstrumentationOptions>>(static sp =>
            new HookCapture<AspNetCoreTraceInstrumentationOptions>(sp.GetRequiredService<ServerSpanHooks>().Take));
        AspNetCorePropagation.Register(state, services);
    }
}
