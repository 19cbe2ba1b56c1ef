namespace Tracing.Sdk.Outage;

/// <summary>
/// Export requests the collector did not take, oldest first, within a bound in bytes and in age: what would exceed
/// the bound pushes the oldest out, and every span that leaves without being delivered is counted as dropped.
/// Written by the exporter's thread and read by <see cref="StoredSpanDelivery"/>; never touched by a request.
/// </summary>
internal abstract class SpanStore : IDisposable
{
    private readonly LinkedList<StoredExport> _entries = new();
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private long _bytes;
    private long _spans;
    private long _sequence;

    protected SpanStore(string kind, string location, long maxBytes, TimeSpan maxAge, IOutageObserver observer, TimeProvider? time)
    {
        Kind = kind;
        Location = location;
        MaxBytes = maxBytes;
        MaxAge = maxAge;
        Observer = observer;
        _time = time ?? TimeProvider.System;
    }

    /// <summary><c>disk</c> or <c>memory</c>.</summary>
    public string Kind { get; }

    /// <summary>The directory, or <c>memory</c>.</summary>
    public string Location { get; }

    public long MaxBytes { get; }

    public TimeSpan MaxAge { get; }

    protected IOutageObserver Observer { get; }

    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    public long Spans
    {
        get
        {
            lock (_lock)
            {
                return _spans;
            }
        }
    }

    /// <summary>For the startup report: where, and the bound.</summary>
    public string Description => $"{Kind}:{Location} (max {Size(MaxBytes)}, {MaxAge})";

    /// <summary>Keeps a payload for later delivery, making room by dropping the oldest; false when it cannot be kept.</summary>
    public bool TryAdd(ReadOnlySpan<byte> payload, bool gzip, int spans)
    {
        if (payload.Length > MaxBytes)
        {
            Observer.OnDropped(spans, $"one export of {Size(payload.Length)} is larger than the storage bound ({Size(MaxBytes)})");
            return false;
        }

        StoredExport entry;
        var evicted = new List<StoredExport>();
        var evictedInFlight = new List<StoredExport>();
        var expired = new List<StoredExport>();
        lock (_lock)
        {
            var now = _time.GetUtcNow().UtcTicks;
            entry = new StoredExport(now, ++_sequence, spans, gzip, payload.Length);
            Expire(now, expired);
            // The oldest first, leaving what is being delivered right now unless nothing else makes room.
            foreach (var inFlightToo in (ReadOnlySpan<bool>)[false, true])
            {
                for (var node = _entries.First; node is not null && _bytes + payload.Length > MaxBytes;)
                {
                    var next = node.Next;
                    if (!node.Value.InFlight)
                    {
                        Unlink(node);
                        evicted.Add(node.Value);
                    }
                    else if (inFlightToo)
                    {
                        // Its payload is already in memory for the attempt: the file can go, the count waits for the outcome.
                        Unlink(node);
                        node.Value.Evicted = true;
                        evictedInFlight.Add(node.Value);
                    }

                    node = next;
                }
            }

            // Reserved before the write, so the bound holds while the file is being written.
            _bytes += payload.Length;
        }

        Drop(expired, AgeReason);
        Drop(evicted, BoundReason);
        foreach (var inFlight in evictedInFlight)
        {
            SafeDelete(inFlight);
        }

        string? problem;
        try
        {
            problem = Write(entry, payload);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = e.Message;
        }

        lock (_lock)
        {
            if (problem is not null)
            {
                _bytes -= payload.Length;
            }
            else
            {
                _entries.AddLast(entry);
                _spans += spans;
            }
        }

        if (problem is not null)
        {
            Observer.OnDropped(spans, $"the storage could not be written ({problem})");
            return false;
        }

        return true;
    }

    /// <summary>Takes the oldest payloads, up to <paramref name="maxBytes"/> together (at least one), for delivery.</summary>
    public List<StoredExport> TakeOldest(long maxBytes)
    {
        var taken = new List<StoredExport>();
        var expired = new List<StoredExport>();
        lock (_lock)
        {
            Expire(_time.GetUtcNow().UtcTicks, expired);
            long bytes = 0;
            for (var node = _entries.First; node is not null; node = node.Next)
            {
                var entry = node.Value;
                if (entry.InFlight)
                {
                    continue;
                }

                if (taken.Count > 0 && (bytes + entry.Length > maxBytes || entry.Gzip || taken[0].Gzip))
                {
                    break;
                }

                entry.InFlight = true;
                taken.Add(entry);
                bytes += entry.Length;
            }
        }

        Drop(expired, AgeReason);
        return taken;
    }

    /// <summary>The stored payload; null (and dropped) when it can no longer be read.</summary>
    public byte[]? Read(StoredExport entry)
    {
        try
        {
            return ReadPayload(entry);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Remove([entry]);
            Observer.OnDropped(entry.Spans, $"a stored file could not be read ({e.Message})");
            return null;
        }
    }

    /// <summary>The collector took them.</summary>
    public void Delivered(List<StoredExport> entries)
    {
        var spans = Remove(entries) + EvictedSpans(entries);
        Observer.OnDelivered(spans, Spans);
    }

    /// <summary>The collector could not take them now; they stay for a later attempt, unless the bound pushed them out meanwhile.</summary>
    public void Release(List<StoredExport> entries)
    {
        lock (_lock)
        {
            foreach (var entry in entries)
            {
                entry.InFlight = false;
            }
        }

        Observer.OnDropped(EvictedSpans(entries), BoundReason);
    }

    /// <summary>The collector refused them for good.</summary>
    public void Reject(List<StoredExport> entries, string reason)
    {
        var spans = Remove(entries) + EvictedSpans(entries);
        Observer.OnDropped(spans, reason);
    }

    private string AgeReason => $"older than the storage bound ({MaxAge})";

    private string BoundReason => $"beyond the storage bound ({Size(MaxBytes)}, {MaxAge})";

    private static int EvictedSpans(List<StoredExport> entries)
    {
        var spans = 0;
        foreach (var entry in entries)
        {
            spans += entry.Evicted ? entry.Spans : 0;
        }

        return spans;
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Adds what an earlier process left, oldest first.</summary>
    protected void Adopt(IEnumerable<StoredExport> entries)
    {
        var oldestFirst = new List<StoredExport>(entries);
        oldestFirst.Sort(static (a, b) => a.UtcTicks != b.UtcTicks ? a.UtcTicks.CompareTo(b.UtcTicks) : a.Sequence.CompareTo(b.Sequence));
        lock (_lock)
        {
            foreach (var entry in oldestFirst)
            {
                _entries.AddLast(entry);
                _bytes += entry.Length;
                _spans += entry.Spans;
                _sequence = Math.Max(_sequence, entry.Sequence);
            }
        }
    }

    /// <summary>Writes the payload; returns why it could not, or null.</summary>
    protected abstract string? Write(StoredExport entry, ReadOnlySpan<byte> payload);

    protected abstract byte[] ReadPayload(StoredExport entry);

    protected abstract void Delete(StoredExport entry);

    internal static string Size(long bytes) => bytes switch
    {
        >= 1024L * 1024 * 1024 when bytes % (1024L * 1024 * 1024) == 0 => $"{bytes / (1024L * 1024 * 1024)} GiB",
        >= 1024L * 1024 when bytes % (1024L * 1024) == 0 => $"{bytes / (1024L * 1024)} MiB",
        >= 1024 when bytes % 1024 == 0 => $"{bytes / 1024} KiB",
        _ => $"{bytes} B",
    };

    private int Remove(List<StoredExport> entries)
    {
        var spans = 0;
        lock (_lock)
        {
            foreach (var entry in entries)
            {
                var node = _entries.Find(entry);
                if (node is not null)
                {
                    Unlink(node);
                    spans += entry.Spans;
                }
            }
        }

        foreach (var entry in entries)
        {
            SafeDelete(entry);
        }

        return spans;
    }

    private void Expire(long now, List<StoredExport> expired)
    {
        var oldest = now - MaxAge.Ticks;
        for (var node = _entries.First; node is not null && node.Value.UtcTicks < oldest;)
        {
            var next = node.Next;
            if (!node.Value.InFlight)
            {
                Unlink(node);
                expired.Add(node.Value);
            }

            node = next;
        }
    }

    private void Unlink(LinkedListNode<StoredExport> node)
    {
        _entries.Remove(node);
        _bytes -= node.Value.Length;
        _spans -= node.Value.Spans;
    }

    private void Drop(List<StoredExport> entries, string reason)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var spans = 0;
        foreach (var entry in entries)
        {
            SafeDelete(entry);
            spans += entry.Spans;
        }

        Observer.OnDropped(spans, reason);
    }

    private void SafeDelete(StoredExport entry)
    {
        try
        {
            Delete(entry);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Diagnostics.TracingSdkEventSource.Log.OperationFailed("Deleting a stored export", e.Message);
        }
    }
}
