namespace Tracing.Sdk.Outage;

/// <summary>Stored exports in memory: gone with the process, and held to a smaller bound than disk.</summary>
internal sealed class MemorySpanStore : SpanStore
{
    /// <summary>The most memory stored spans may take, whatever the configured bound.</summary>
    public const long MaxMemoryBytes = 16L * 1024 * 1024;

    public MemorySpanStore(long maxBytes, TimeSpan maxAge, IOutageObserver observer, TimeProvider? time = null)
        : base("memory", "process", Math.Min(maxBytes, MaxMemoryBytes), maxAge, observer, time)
    {
    }

    protected override string? Write(StoredExport entry, ReadOnlySpan<byte> payload)
    {
        entry.Data = payload.ToArray();
        return null;
    }

    protected override byte[] ReadPayload(StoredExport entry) => entry.Data ?? [];

    protected override void Delete(StoredExport entry) => entry.Data = null;
}
