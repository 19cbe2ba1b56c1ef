namespace Tracing.Sdk;

/// <summary>
/// Where finished spans go. Maps to <c>OTEL_TRACES_EXPORTER</c>.
/// </summary>
public enum TracesExporter
{
    /// <summary>OTLP to the collector (<c>otlp</c>, the default).</summary>
    Otlp,

    /// <summary>Each finished trace printed to standard output as a span tree (<c>console</c>): the dev-loop view without a collector.</summary>
    Console,

    /// <summary>Spans are sampled and processed but not exported (<c>none</c>).</summary>
    None,
}
