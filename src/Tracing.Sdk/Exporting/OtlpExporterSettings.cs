using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Tracing.Sdk.Configuration;
using Tracing.Sdk.Hosting;

namespace Tracing.Sdk.Exporting;

/// <summary>
/// What Tracing.Sdk sets on the options the OpenTelemetry SDK read from configuration for its exporter and batching:
/// only what the SDK does not read (the signal-specific keys, the gRPC <c>host:port</c> form), what it reads wrongly
/// (a protocol in capitals, a timeout of 0, a non-http endpoint), what it cannot do (headers with a bad entry), and what
/// was set in code, which wins. Everything else stays as the SDK read it.
/// </summary>
internal static class OtlpExporterSettings
{
    public static void Apply(OtlpExporterOptions otlp, K8sTracingState state)
    {
        var options = state.Options;
        var configured = state.Configured;

        // Ours: the SDK reads OTEL_EXPORTER_OTLP_PROTOCOL case-sensitively and never the signal key.
        otlp.Protocol = options.Protocol;

        if (options.Endpoint is { } endpoint)
        {
            otlp.Endpoint = endpoint;
        }
        else if (configured.SchemelessBaseEndpoint is { } schemeless)
        {
            otlp.Endpoint = schemeless;
        }
        else if (configured.BaseEndpointRejected)
        {
            otlp.Endpoint = OtlpEndpointResolver.DefaultEndpoint(options.Protocol);
        }

        if (options.Assigned.Contains(nameof(K8sTracingOptions.ExportTimeout)))
        {
            otlp.TimeoutMilliseconds = Milliseconds(options.ExportTimeout);
        }
        else if (configured.TimeoutRejected)
        {
            otlp.TimeoutMilliseconds = SdkReadSettingsCheck.DefaultTimeoutMilliseconds;
        }

        if (options.Assigned.Contains(nameof(K8sTracingOptions.Compression)))
        {
            otlp.Compression = options.Compression;
        }

        // Ours, sent by the exporter's HttpClient: the SDK throws on an entry without '='.
        otlp.Headers = null;
    }

    /// <summary>The batching of every exporter of ours: the SDK's reading of <c>OTEL_BSP_*</c>, then what code set.</summary>
    public static void Apply(BatchExportActivityProcessorOptions batch, K8sTracingState state)
    {
        var options = state.Options;
        var assigned = options.Assigned;
        if (assigned.Contains(nameof(K8sTracingOptions.BatchMaxQueueSize)))
        {
            batch.MaxQueueSize = options.BatchMaxQueueSize;
        }

        if (assigned.Contains(nameof(K8sTracingOptions.BatchMaxExportBatchSize)))
        {
            batch.MaxExportBatchSize = options.BatchMaxExportBatchSize;
        }
        else if (batch.MaxExportBatchSize > batch.MaxQueueSize)
        {
            // A queue made smaller in code caps a batch size from the environment, as the SDK caps it.
            state.Diagnostics.Warn(
                OtelEnvironmentVariables.BspMaxExportBatchSize,
                $"{batch.MaxExportBatchSize} exceeds {nameof(K8sTracingOptions.BatchMaxQueueSize)} ({batch.MaxQueueSize}) set in code; using {batch.MaxQueueSize}.");
            batch.MaxExportBatchSize = batch.MaxQueueSize;
        }

        if (assigned.Contains(nameof(K8sTracingOptions.BatchScheduleDelay)))
        {
            batch.ScheduledDelayMilliseconds = Milliseconds(options.BatchScheduleDelay);
        }

        if (assigned.Contains(nameof(K8sTracingOptions.BatchExportTimeout)))
        {
            batch.ExporterTimeoutMilliseconds = Milliseconds(options.BatchExportTimeout);
        }
        else if (state.Configured.BatchExportTimeoutRejected)
        {
            batch.ExporterTimeoutMilliseconds = SdkReadSettingsCheck.DefaultBatchExportTimeoutMilliseconds;
        }
    }

    /// <summary>
    /// Where the exporter sends, as the SDK resolves it: an endpoint that came from <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or
    /// the default gets <c>v1/traces</c> for HTTP unless it already ends with it; one set here is used as given.
    /// </summary>
    public static Uri ExportEndpoint(OtlpExporterOptions otlp, K8sTracingState state)
    {
        var setHere = state.Options.Endpoint is not null || state.Configured.SchemelessBaseEndpoint is not null || state.Configured.BaseEndpointRejected;
        return setHere || otlp.Protocol == OtlpExportProtocol.Grpc ? otlp.Endpoint : OtlpEndpointResolver.AppendTracesPath(otlp.Endpoint);
    }

    public static int Milliseconds(TimeSpan value) => (int)Math.Clamp(value.TotalMilliseconds, 0, int.MaxValue);
}
