using OpenTelemetry.Exporter;
using Tracing.Sdk.Configuration;

namespace Tracing.Sdk.Exporting;

/// <summary>
/// The traces endpoint's defaults and the specification's rule for a base endpoint (<c>v1/traces</c> appended for HTTP),
/// and the mistakes people make with it.
/// </summary>
internal static class OtlpEndpointResolver
{
    public const int GrpcPort = 4317;
    public const int HttpPort = 4318;
    public const string TracesPath = "v1/traces";

    public static Uri DefaultEndpoint(OtlpExportProtocol protocol) => protocol == OtlpExportProtocol.Grpc
        ? new Uri($"http://localhost:{GrpcPort}")
        : new Uri($"http://localhost:{HttpPort}/{TracesPath}");

    /// <summary>A base endpoint with <c>v1/traces</c> appended, unless it already ends with it, as the SDK appends it.</summary>
    public static Uri AppendTracesPath(Uri baseEndpoint)
    {
        var text = baseEndpoint.AbsoluteUri;
        if (text.TrimEnd('/').EndsWith(TracesPath, StringComparison.OrdinalIgnoreCase))
        {
            return baseEndpoint;
        }

        return new Uri(text.EndsWith('/') ? text + TracesPath : text + "/" + TracesPath);
    }

    public static void Check(Uri endpoint, OtlpExportProtocol protocol, SetupDiagnostics diagnostics)
    {
        const string Key = "endpoint";
        if (protocol == OtlpExportProtocol.Grpc)
        {
            if (endpoint.Port == HttpPort)
            {
                diagnostics.Warn(Key, $"{endpoint} uses port {HttpPort}, the OTLP/HTTP port, but the protocol is grpc (port {GrpcPort}); set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf or use port {GrpcPort}.");
            }

            if (endpoint.AbsolutePath.TrimEnd('/').EndsWith("/" + TracesPath, StringComparison.OrdinalIgnoreCase))
            {
                diagnostics.Warn(Key, $"{endpoint} has the HTTP path /{TracesPath}, but the protocol is grpc, whose endpoint takes no path; remove the path or set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf.");
            }
        }
        else if (endpoint.Port == GrpcPort)
        {
            diagnostics.Warn(Key, $"{endpoint} uses port {GrpcPort}, the OTLP/gRPC port, but the protocol is http/protobuf (port {HttpPort}); set OTEL_EXPORTER_OTLP_PROTOCOL=grpc or use port {HttpPort}.");
        }
    }
}
