using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Instrumentation.Http;
using OpenTelemetry.Resources;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Tracing.Sdk.Exporting;
using Tracing.Sdk.Instrumentation;

namespace Tracing.Sdk.Hosting;

/// <summary>
/// Puts Tracing.Sdk into OpenTelemetry's own providers (<c>services.AddOpenTelemetry()</c>), so everything the
/// application or its libraries register there — sources, instrumentation, processors, metrics, logs — shares one
/// tracer provider, one resource and one exporter.
/// </summary>
internal static class TracingRegistration
{
    /// <summary>The first registration of a setup: the pipeline, the resource for every signal, the exporters.</summary>
    public static void Register(K8sTracingState state, IServiceCollection services)
    {
        services.AddSingleton<ServiceResource>();
        services.AddSingleton<TracingPipeline>();
        services.AddSingleton<HookFailures>();
        services.AddSingleton<ClientSpanHooks>();
        services.AddOptions<BatchExportActivityProcessorOptions>(TracingPipeline.ExporterName)
            .Configure<K8sTracingState>(static (batch, state) => OtlpExporterSettings.Apply(batch, state));
        services.AddSingleton<IPostConfigureOptions<HttpClientTraceInstrumentationOptions>>(static sp =>
            new HookCapture<HttpClientTraceInstrumentationOptions>(sp.GetRequiredService<ClientSpanHooks>().Take));

        // First in line, whatever the order of the application's calls: our redaction processor then sees each span
        // before any exporter does, and the resource and sampler the application sets are applied after ours and win.
        FirstInLine(services, static s => s
            .ConfigureOpenTelemetryTracerProvider(static (sp, tracing) => sp.GetRequiredService<TracingPipeline>().Configure(tracing))
            .ConfigureOpenTelemetryMeterProvider(static (sp, metrics) =>
                metrics.ConfigureResource(r => r.AddAttributes(sp.GetRequiredService<ServiceResource>().Attributes)))
            .ConfigureOpenTelemetryLoggerProvider(static (sp, logging) =>
                logging.ConfigureResource(r => r.AddAttributes(sp.GetRequiredService<ServiceResource>().Attributes))));

        Extend(state, services);
    }

    /// <summary>
    /// What each call adds: the exporters its options name that are not registered yet, and the provider steps
    /// (<see cref="K8sTracingOptions.ConfigureTracerProvider"/>) added since the last call, run on OpenTelemetry's builder.
    /// </summary>
    public static void Extend(K8sTracingState state, IServiceCollection services)
    {
        services.AddOpenTelemetry().WithTracing(tracing =>
        {
            foreach (var exporter in (ReadOnlySpan<TracesExporter>)[TracesExporter.Otlp, TracesExporter.Console, TracesExporter.Zipkin])
            {
                if ((state.Options.Exporter & exporter) != 0 && (state.RegisteredExporters & exporter) == 0)
                {
                    state.RegisteredExporters |= exporter;
                    AddExporter(exporter, tracing, services);
                }
            }

            var steps = state.Options.TracerProviderConfigurations;
            for (; state.StepsApplied < steps.Count; state.StepsApplied++)
            {
                steps[state.StepsApplied](tracing);
            }
        });
    }

    private static void AddExporter(TracesExporter exporter, TracerProviderBuilder tracing, IServiceCollection services)
    {
        switch (exporter)
        {
            case TracesExporter.Otlp:
                // Named, so an OTLP exporter the application adds itself keeps its own settings.
                tracing.AddOtlpExporter(TracingPipeline.ExporterName, configure: null);
                // On top of what the SDK read from configuration; the client comes from the pipeline once the
                // exporter is built, which keeps these options free of the pipeline that reports them.
                services.AddOptions<OtlpExporterOptions>(TracingPipeline.ExporterName)
                    .Configure<K8sTracingState, IServiceProvider>(static (otlp, state, sp) =>
                    {
                        OtlpExporterSettings.Apply(otlp, state);
                        otlp.HttpClientFactory = () => sp.GetRequiredService<TracingPipeline>().CreateExportClient();
                    });
                break;
            case TracesExporter.Console:
                tracing.AddProcessor(static sp => sp.GetRequiredService<TracingPipeline>().CreateConsoleProcessor());
                break;
            case TracesExporter.Zipkin:
                ZipkinExport.Add(tracing, services);
                break;
            default:
                break;
        }
    }

    private static void FirstInLine(IServiceCollection services, Action<IServiceCollection> register)
    {
        var before = services.Count;
        register(services);
        for (var i = 0; i < services.Count - before; i++)
        {
            var added = services[before + i];
            services.RemoveAt(before + i);
            services.Insert(i, added);
        }
    }
}
