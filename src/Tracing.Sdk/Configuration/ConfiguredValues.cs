using OpenTelemetry.Trace;

namespace Tracing.Sdk.Configuration;

/// <summary>
/// What configuration said beyond the public options: values whose meaning depends on others
/// (a base endpoint needs the protocol), and where each reported setting came from.
/// </summary>
internal sealed class ConfiguredValues
{
    /// <summary>
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> as a gRPC <c>host:port</c> without a scheme, with the scheme
    /// <c>OTEL_EXPORTER_OTLP_INSECURE</c> gives it: the SDK would take <c>host</c> for the scheme.
    /// </summary>
    public Uri? SchemelessBaseEndpoint { get; set; }

    /// <summary><c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is not an http(s) URL, which the SDK would still send to.</summary>
    public bool BaseEndpointRejected { get; set; }

    /// <summary><c>OTEL_EXPORTER_OTLP_TIMEOUT</c> is 0, which the SDK takes and then fails to build the provider with.</summary>
    public bool TimeoutRejected { get; set; }

    /// <summary><c>OTEL_BSP_MAX_QUEUE_SIZE</c> as the SDK reads it, for checking a batch size set in code against it.</summary>
    public int? BatchMaxQueueSize { get; set; }

    /// <summary><c>OTEL_BSP_EXPORT_TIMEOUT</c> is 0, which the SDK takes.</summary>
    public bool BatchExportTimeoutRejected { get; set; }

    public Sampler? Sampler { get; set; }

    public List<KeyValuePair<string, string>> ResourceAttributes { get; } = [];

    /// <summary>The configuration key each reported setting came from, by setting name.</summary>
    public Dictionary<string, string> Origins { get; } = new(StringComparer.Ordinal);

    /// <summary>The value each reported setting had after configuration, so a change in code can be told apart.</summary>
    public Dictionary<string, object?> Snapshot { get; } = new(StringComparer.Ordinal);

    public string OriginOf(string setting, object? currentValue)
    {
        if (Snapshot.TryGetValue(setting, out var configured) && !Equals(configured, currentValue))
        {
            return "code";
        }

        return Origins.TryGetValue(setting, out var key) ? key : "default";
    }
}
