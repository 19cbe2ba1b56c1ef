namespace Tracing.Sdk;

/// <summary>
/// Where spans wait that could not be delivered because the collector was unreachable or refused them for a while.
/// Maps to <c>OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY</c> (<c>disk</c>, <c>in_memory</c>, <c>disabled</c>).
/// </summary>
public enum OutageStorage
{
    /// <summary>
    /// Files in a directory of their own (<c>disk</c>, the default), kept across restarts of the process; where the
    /// directory cannot be written, memory instead, with one warning.
    /// </summary>
    Disk,

    /// <summary>Memory (<c>in_memory</c>): kept while the process lives.</summary>
    Memory,

    /// <summary>Nowhere (<c>disabled</c>): what the collector does not take at once is dropped once the batch queue is full.</summary>
    None,
}
