namespace Tracing.Sdk.Outage;

/// <summary>One export request the collector did not take, as kept by a <see cref="SpanStore"/>: its OTLP payload without transport framing.</summary>
internal sealed class StoredExport
{
    public StoredExport(long utcTicks, long sequence, int spans, bool gzip, int length)
    {
        UtcTicks = utcTicks;
        Sequence = sequence;
        Spans = spans;
        Gzip = gzip;
        Length = length;
    }

    /// <summary>When it was stored; the order of delivery and the measure of its age.</summary>
    public long UtcTicks { get; }

    public long Sequence { get; }

    public int Spans { get; }

    /// <summary>Whether the payload is gzip-compressed (as the exporter sent it).</summary>
    public bool Gzip { get; }

    public int Length { get; }

    /// <summary>The file holding it, for disk storage.</summary>
    public string? Path { get; set; }

    /// <summary>The payload itself, for memory storage.</summary>
    public byte[]? Data { get; set; }

    /// <summary>Taken for delivery: not evicted under the bound until it is delivered or released.</summary>
    public bool InFlight { get; set; }

    /// <summary>
    /// Pushed out under the bound while in flight: it counts as delivered or dropped once the delivery attempt ends.
    /// </summary>
    public bool Evicted { get; set; }
}
