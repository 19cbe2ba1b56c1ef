using System.Globalization;
using System.Text;
using OpenTelemetry.Exporter;

namespace Tracing.Sdk.Hosting;

/// <summary>
/// The effective configuration, as one log line at startup: what is exported where, how it is sampled and described.
/// Header values never appear, and neither do credentials in the endpoint URL.
/// </summary>
internal sealed record StartupReport(
    TracesExporter Exporter,
    Uri Endpoint,
    string EndpointOrigin,
    OtlpExportProtocol Protocol,
    OtlpExportCompression Compression,
    int TimeoutMilliseconds,
    IReadOnlyList<string> HeaderNames,
    string Sampler,
    string SamplerOrigin,
    IReadOnlyDictionary<string, object> Resource,
    IReadOnlyList<string> ProbePaths,
    bool DropKubeProbeUserAgent,
    string Tls,
    IReadOnlyList<string> Sources,
    Uri? ZipkinEndpoint,
    IReadOnlyDictionary<string, string> Extra,
    IReadOnlyList<string> Warnings)
{
    public override string ToString()
    {
        var text = new StringBuilder("Tracing.Sdk: exporter=").Append(Names(Exporter));
        if (ZipkinEndpoint is not null)
        {
            text.Append(" zipkinEndpoint=").Append(WithoutCredentials(ZipkinEndpoint));
        }

        if (Exporter.HasFlag(TracesExporter.Otlp))
        {
            text.Append(" endpoint=").Append(WithoutCredentials(Endpoint)).Append(" (").Append(EndpointOrigin).Append(')')
                .Append(" protocol=").Append(Protocol == OtlpExportProtocol.Grpc ? "grpc" : "http/protobuf")
                .Append(" tls=").Append(Tls)
                .Append(" compression=").Append(Compression == OtlpExportCompression.GZip ? "gzip" : "none")
                .Append(" timeout=").Append(TimeoutMilliseconds.ToString(CultureInfo.InvariantCulture)).Append("ms");
            if (HeaderNames.Count > 0)
            {
                text.Append(" headers={").AppendJoin(", ", HeaderNames.Select(h => h + "=***")).Append('}');
            }
        }

        text.Append(" sampler=").Append(Sampler).Append(" (").Append(SamplerOrigin).Append(')');
        foreach (var entry in Extra.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append(' ').Append(entry.Key).Append('=').Append(entry.Value);
        }

        text.Append(" probePaths=[").AppendJoin(", ", ProbePaths).Append(']')
            .Append(" dropKubeProbeUserAgent=").Append(DropKubeProbeUserAgent ? "true" : "false")
            .Append(" sources=[").AppendJoin(", ", Sources).Append(']')
            .Append(" resource={")
            .AppendJoin(", ", Resource.Select(a => a.Key + "=" + Convert.ToString(a.Value, CultureInfo.InvariantCulture)))
            .Append('}');
        if (Warnings.Count > 0)
        {
            text.Append(" warnings=").Append(Warnings.Count);
        }

        return text.ToString();
    }

    private static string Names(TracesExporter exporter) => exporter == TracesExporter.None
        ? "none"
        : exporter.ToString().ToLowerInvariant().Replace(", ", ",", StringComparison.Ordinal);

    private static string WithoutCredentials(Uri endpoint) => string.IsNullOrEmpty(endpoint.UserInfo)
        ? endpoint.ToString()
        : new UriBuilder(endpoint) { UserName = string.Empty, Password = string.Empty }.Uri.ToString();
}
