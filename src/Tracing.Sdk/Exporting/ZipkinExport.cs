using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Tracing.Sdk.Hosting;

// OpenTelemetry deprecates its Zipkin exporter in favour of OTLP; the meshes and backends that speak only Zipkin
// (osm-edge, Jaeger's Zipkin port) still need it, so it stays, in this one file.
#pragma warning disable CS0618

namespace Tracing.Sdk.Exporting;

/// <summary>Zipkin v2 export through OpenTelemetry.Exporter.Zipkin, which reads <c>OTEL_EXPORTER_ZIPKIN_ENDPOINT</c> itself.</summary>
internal static class ZipkinExport
{
    public static void Add(TracerProviderBuilder tracing, IServiceCollection services)
    {
        tracing.AddZipkinExporter(TracingPipeline.ExporterName, configure: null);
        services.AddOptions<ZipkinExporterOptions>(TracingPipeline.ExporterName)
            .Configure<IOptionsMonitor<BatchExportActivityProcessorOptions>>(static (zipkin, batch) =>
                zipkin.BatchExportProcessorOptions = batch.Get(TracingPipeline.ExporterName));
    }

    /// <summary>The endpoint the exporter uses, as the SDK resolved it.</summary>
    public static Uri Endpoint(IServiceProvider services) =>
        services.GetRequiredService<IOptionsMonitor<ZipkinExporterOptions>>().Get(TracingPipeline.ExporterName).Endpoint;
}
