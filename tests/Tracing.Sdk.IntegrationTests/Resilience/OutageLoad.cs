using System.Collections.Concurrent;
using System.Diagnostics;
using Tracing.Sdk.IntegrationTests.Foundation;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Resilience;

/// <summary>
/// A steady paced load on a <see cref="TracedApp"/> (one span a request), each request named by its phase and number,
/// and a watcher that notes when each span first arrived at the receiver.
/// </summary>
internal sealed class OutageLoad : IAsyncDisposable
{
    private readonly TracedApp _app;
    private readonly OtlpReceiver _receiver;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly ConcurrentDictionary<string, TimeSpan> _made = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TimeSpan> _arrived = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _load;
    private readonly Task _watch;
    private volatile string _phase = "before";
    private int _failedRequests;

    public OutageLoad(TracedApp app, OtlpReceiver receiver, int requestsPerSecond)
    {
        _app = app;
        _receiver = receiver;
        _load = Task.Run(() => RunAsync(requestsPerSecond));
        _watch = Task.Run(WatchAsync);
    }

    public TimeSpan Now => _clock.Elapsed;

    public int FailedRequests => _failedRequests;

    /// <summary>Names the requests made from now on.</summary>
    public string Phase
    {
        set => _phase = value;
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _load;
    }

    /// <summary>The paths of the requests made in a phase, with when each was made.</summary>
    public IReadOnlyList<(string Path, TimeSpan Made)> Made(string phase) =>
        [.. _made.Where(m => m.Key.Contains($"/{phase}-", StringComparison.Ordinal)).Select(m => (m.Key, m.Value)).OrderBy(m => m.Value)];

    public TimeSpan? Arrived(string path) => _arrived.TryGetValue(path, out var at) ? at : null;

    public int ArrivedCount(string phase) => _arrived.Keys.Count(p => p.Contains($"/{phase}-", StringComparison.Ordinal));

    public async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = _clock.Elapsed + timeout;
        while (!condition() && _clock.Elapsed < deadline)
        {
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _load;
        await _disposed.CancelAsync();
        await _watch;
        _stop.Dispose();
        _disposed.Dispose();
    }

    private async Task RunAsync(int requestsPerSecond)
    {
        var interval = TimeSpan.FromSeconds(1.0 / requestsPerSecond);
        var next = _clock.Elapsed;
        var number = 0;
        var inFlight = new List<Task>();
        while (!_stop.IsCancellationRequested)
        {
            var path = $"/{_app.Marker}/tasks/{_phase}-{number++}";
            inFlight.Add(SendAsync(path));
            if (inFlight.Count >= 64)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
            }

            next += interval;
            var wait = next - _clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
        }

        await Task.WhenAll(inFlight);
    }

    private async Task SendAsync(string path)
    {
        _made[path] = _clock.Elapsed;

        // The load generator runs in the app's process: its own HttpClient spans are not the app's, and not counted.
        using var untraced = OpenTelemetry.SuppressInstrumentationScope.Begin();
        try
        {
            using var response = await _app.GetAsync(path);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _failedRequests);
            }
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref _failedRequests);
        }
    }

    private async Task WatchAsync()
    {
        var seen = 0;
        while (true)
        {
            var spans = _receiver.Spans;
            for (; seen < spans.Count; seen++)
            {
                if (spans[seen].Attributes.GetValueOrDefault("url.path") is string path)
                {
                    _arrived.TryAdd(path, _clock.Elapsed);
                }
            }

            try
            {
                await Task.Delay(100, _disposed.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
