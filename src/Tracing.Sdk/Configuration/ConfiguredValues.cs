using OpenTelemetry.Trace;

namespace Tracing.Sdk.Configuration;

/// <summary>
/// What configuration said beyond the public options: values whose meaning depends on others
/// (a base endpoint needs the protocol), and where each reported setting came from.
/// </summary>
internal sealed class ConfiguredValues
{
    /// <summary><c>OTEL_EXPORTER_OTLP_ENDPOINT</c>: a base to which <c>/v1/traces</c> is appended for HTTP.</summary>
    public Uri? BaseEndpoint { get; set; }

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
