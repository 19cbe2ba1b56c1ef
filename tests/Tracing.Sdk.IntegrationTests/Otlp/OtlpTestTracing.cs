using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Tracing.Sdk.IntegrationTests.Otlp;

/// <summary>Builds the real OpenTelemetry SDK pieces the receiver tests drive.</summary>
internal static class OtlpTestTracing
{
    public const string ServiceName = "otlp-receiver-tests";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>A unique source name, so parallel tests never see each other's activities.</summary>
    public static string NewSourceName() => "otlp-receiver-tests." + Guid.NewGuid().ToString("N");

    /// <summary>A tracer provider that exports synchronously (simple processor) to the OTLP exporter configured by <paramref name="configure"/>.</summary>
    public static TracerProvider CreateProvider(string sourceName, Action<OtlpExporterOptions> configure) =>
        OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .ConfigureResource(resource => resource.Clear().AddService(ServiceName).AddAttributes([new("deployment.environment.name", "test")]))
            .AddOtlpExporter(options =>
            {
                options.ExportProcessorType = ExportProcessorType.Simple;
                configure(options);
            })
            .Build();

    /// <summary>An exporter used without a provider, so a test can see each export's result.</summary>
    public static OtlpTraceExporter CreateExporter(Uri endpoint, OtlpExportProtocol protocol) =>
        new(new OtlpExporterOptions { Endpoint = endpoint, Protocol = protocol, TimeoutMilliseconds = 5000 });

    /// <summary>Exports one ended activity and returns the exporter's verdict.</summary>
    public static ExportResult ExportOne(OtlpTraceExporter exporter, string name)
    {
        using var activity = new Activity(name);
        activity.SetIdFormat(ActivityIdFormat.W3C);
        activity.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        activity.Start();
        activity.Stop();
        return exporter.Export(new Batch<Activity>([activity], 1));
    }
}
