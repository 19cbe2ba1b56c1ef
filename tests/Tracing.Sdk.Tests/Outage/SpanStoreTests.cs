using Tracing.Sdk.Outage;

namespace Tracing.Sdk.Tests.Outage;

public sealed class SpanStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("span-store-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class Counts : IOutageObserver
    {
        public long Stored { get; private set; }

        public long Delivered { get; private set; }

        public long Dropped { get; private set; }

        public List<string> Reasons { get; } = [];

        public void OnStored(int spans, string error) => Stored += spans;

        public void OnDelivered(int spans, long stillStored) => Delivered += spans;

        public void OnDropped(int spans, string reason)
        {
            Dropped += spans;
            Reasons.Add(reason);
        }

        public void OnReachable()
        {
        }
    }

    [Fact]
    public void TryAdd_BeyondTheBound_DropsTheOldestAndCountsTheirSpans()
    {
        var counts = new Counts();
        using var store = new MemorySpanStore(100 * 1024, TimeSpan.FromHours(1), counts);

        for (var i = 0; i < 10; i++)
        {
            Assert.True(store.TryAdd(new byte[30 * 1024], gzip: false, spans: 10 + i));
        }

        Assert.True(store.Bytes <= 100 * 1024);
        Assert.Equal(10 + 11 + 12 + 13 + 14 + 15 + 16, counts.Dropped);
        var oldest = store.TakeOldest(1);
        Assert.Equal(17, Assert.Single(oldest).Spans);
    }

    [Fact]
    public void TakeOldest_OlderThanTheMaxAge_AreDroppedAndCounted()
    {
        var counts = new Counts();
        var time = new ManualTime();
        using var store = new MemorySpanStore(1024 * 1024, TimeSpan.FromMinutes(10), counts, time);
        store.TryAdd(new byte[10], gzip: false, spans: 3);
        time.Now += TimeSpan.FromMinutes(11);
        store.TryAdd(new byte[10], gzip: false, spans: 4);

        var taken = store.TakeOldest(1024);

        Assert.Equal(4, Assert.Single(taken).Spans);
        Assert.Equal(3, counts.Dropped);
        Assert.Contains("older than", Assert.Single(counts.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Evicted_WhileInFlight_CountsOnceByTheOutcome()
    {
        var counts = new Counts();
        using var store = new MemorySpanStore(64 * 1024, TimeSpan.FromHours(1), counts);
        store.TryAdd(new byte[40 * 1024], gzip: false, spans: 5);
        var inFlight = store.TakeOldest(1);

        store.TryAdd(new byte[40 * 1024], gzip: false, spans: 7);
        Assert.Equal(0, counts.Dropped);
        store.Delivered(inFlight);

        Assert.Equal(5, counts.Delivered);
        Assert.Equal(0, counts.Dropped);
        Assert.Equal(7, store.Spans);
    }

    [Fact]
    public void DiskStore_Reopened_AdoptsWhatTheLastProcessLeftOldestFirst()
    {
        var counts = new Counts();
        using (var first = DiskSpanStore.Open(_directory, 1024 * 1024, TimeSpan.FromHours(1), counts)!)
        {
            first.TryAdd([1, 2, 3], gzip: false, spans: 1);
            first.TryAdd([4, 5], gzip: true, spans: 2);
        }

        using var second = DiskSpanStore.Open(_directory, 1024 * 1024, TimeSpan.FromHours(1), counts)!;
        var taken = second.TakeOldest(1024);

        Assert.Equal(Path.Combine(_directory, "0"), second.Location);
        Assert.Equal(3, second.Spans);
        Assert.Equal([1, 2, 3], second.Read(Assert.Single(taken))!);
        second.Delivered(taken);
        var next = Assert.Single(second.TakeOldest(1024));
        Assert.True(next.Gzip);
        Assert.Equal([4, 5], second.Read(next)!);
    }

    [Fact]
    public void DiskStore_TwoAtOnce_TakeSeparateSlotsAndTheFirstIsFreeAgainAfterwards()
    {
        var counts = new Counts();
        var first = DiskSpanStore.Open(_directory, 1024 * 1024, TimeSpan.FromHours(1), counts)!;
        using var second = DiskSpanStore.Open(_directory, 1024 * 1024, TimeSpan.FromHours(1), counts)!;

        Assert.Equal(Path.Combine(_directory, "0"), first.Location);
        Assert.Equal(Path.Combine(_directory, "1"), second.Location);
        first.Dispose();
        using var third = DiskSpanStore.Open(_directory, 1024 * 1024, TimeSpan.FromHours(1), counts)!;
        Assert.Equal(Path.Combine(_directory, "0"), third.Location);
    }
}
