namespace Tracing.Sdk;

/// <summary>
/// Where finished spans go; several may be combined, and every one named gets every span.
/// Maps to <c>OTEL_TRACES_EXPORTER</c>, a comma-separated list (<c>otlp,console</c>).
/// </summary>
[Flags]
public enum TracesExporter
{
    /// <summary>Spans are sampled and processed but not exported (<c>none</c>).</summary>
    None = 0,

    /// <summary>OTLP to the collector (<c>otlp</c>, the default).</summary>
    Otlp = 1,

    /// <summary>Each finished trace printed to standard output as a span tree (<c>console</c>): the dev-loop view without a collector.</summary>
    Console = 2,

    /// <summary>
    /// Zipkin v2 JSON over HTTP (<c>zipkin</c>), for meshes and backends that speak it (osm-edge, Jaeger's Zipkin port),
    /// to <c>OTEL_EXPORTER_ZIPKIN_ENDPOINT</c> (default <c>http://localhost:9411/api/v2/spans</c>).
    /// </summary>
    Zipkin = 4,
}
