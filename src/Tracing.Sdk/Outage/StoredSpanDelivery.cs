using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using OpenTelemetry;

namespace Tracing.Sdk.Outage;

/// <summary>
/// Delivers stored spans, oldest first, on a task of its own with an HttpClient of its own, so neither requests nor
/// the exporter's live batches ever wait for it. While the collector is unreachable it tries again with a backoff of
/// up to <see cref="MaxBackoff"/>, and at once when a live export got through. It sends several stored payloads in one
/// request, and rests as long as each send took, so the collector sees at most twice the live traffic while it catches up.
/// </summary>
internal sealed class StoredSpanDelivery : IDisposable
{
    internal static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(500);
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    /// <summary>Well below a collector's default limit on a received message (4 MiB for gRPC).</summary>
    internal const long MaxRequestBytes = 1024 * 1024;

    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);

    private readonly SpanStore _store;
    private readonly HttpClient _client;
    private readonly Uri _endpoint;
    private readonly bool _grpc;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private Task? _loop;
    private int _disposed;

    /// <param name="store">What to deliver.</param>
    /// <param name="client">Sends to the collector with the export headers and TLS settings; not the exporter's own client.</param>
    /// <param name="endpoint">The full export URL: for gRPC the TraceService/Export method.</param>
    /// <param name="grpc">The transport: gRPC, else OTLP/HTTP protobuf.</param>
    public StoredSpanDelivery(SpanStore store, HttpClient client, Uri endpoint, bool grpc)
    {
        _store = store;
        _client = client;
        _endpoint = endpoint;
        _grpc = grpc;
    }

    public void Start() => _loop ??= Task.Run(RunAsync);

    /// <summary>A live export got through: deliver now, without waiting out the backoff.</summary>
    public void OnCollectorReachable()
    {
        if (Volatile.Read(ref _disposed) == 0 && _wake.CurrentCount == 0 && _store.Spans > 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }

        _client.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var backoff = TimeSpan.Zero;
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                if (backoff > TimeSpan.Zero)
                {
                    await WaitAsync(backoff, token).ConfigureAwait(false);
                }

                // While the collector is away, one payload is enough to find out whether it is back.
                var batch = _store.TakeOldest(backoff >= MinBackoff ? 1 : Math.Min(MaxRequestBytes, _store.MaxBytes / 4));
                if (batch.Count == 0)
                {
                    backoff = TimeSpan.Zero;
                    await WaitAsync(Idle, token).ConfigureAwait(false);
                    continue;
                }

                var watch = Stopwatch.StartNew();
                var (outcome, reason) = await SendAsync(batch, token).ConfigureAwait(false);
                switch (outcome)
                {
                    case Outcome.Delivered:
                        _store.Delivered(batch);
                        backoff = watch.Elapsed;
                        break;
                    case Outcome.Rejected:
                        _store.Reject(batch, reason!);
                        backoff = watch.Elapsed;
                        break;
                    case Outcome.Unreadable:
                        backoff = TimeSpan.Zero;
                        break;
                    default:
                        _store.Release(batch);
                        backoff = backoff < MinBackoff ? MinBackoff : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                        break;
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Delivery must never end the process or stop for good; what it could not send stays stored.
                Diagnostics.TracingSdkEventSource.Log.OperationFailed("Delivering stored spans", e.Message);
                backoff = MaxBackoff;
            }
        }
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken token)
    {
        await _wake.WaitAsync(delay, token).ConfigureAwait(false);
    }

    private async Task<(Outcome Outcome, string? Reason)> SendAsync(List<StoredExport> batch, CancellationToken token)
    {
        var payload = Concatenate(batch);
        if (payload is null)
        {
            return (Outcome.Unreadable, null);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        var gzip = batch[0].Gzip;
        if (_grpc)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
            request.Headers.TryAddWithoutValidation("TE", "trailers");
            if (gzip)
            {
                request.Headers.TryAddWithoutValidation("grpc-encoding", "gzip");
            }

            request.Content = new ByteArrayContent(OtlpPayload.Frame(payload, gzip));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(OtlpPayload.GrpcContentType);
        }
        else
        {
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(OtlpPayload.ProtobufContentType);
            if (gzip)
            {
                request.Content.Headers.ContentEncoding.Add("gzip");
            }
        }

        // The HttpClient instrumentation must not trace our own delivery.
        using var suppress = SuppressInstrumentationScope.Begin();
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            if (OutageExportHandler.IsWorthWaitingOut(response, _grpc))
            {
                return (Outcome.Retry, null);
            }

            if (!response.IsSuccessStatusCode)
            {
                return (Outcome.Rejected, $"the collector refused them (HTTP {(int)response.StatusCode})");
            }

            if (!_grpc)
            {
                return (Outcome.Delivered, null);
            }

            var status = OutageExportHandler.GrpcStatus(response.TrailingHeaders) ?? OutageExportHandler.GrpcStatus(response.Headers);
            return status switch
            {
                0 => (Outcome.Delivered, null),
                { } code when OutageExportHandler.IsRetryableGrpcStatus(code) => (Outcome.Retry, null),
                { } code => (Outcome.Rejected, $"the collector refused them (gRPC status {code})"),
                null => (Outcome.Retry, null),
            };
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !token.IsCancellationRequested))
        {
            return (Outcome.Retry, null);
        }
    }

    private byte[]? Concatenate(List<StoredExport> batch)
    {
        if (batch.Count == 1)
        {
            return _store.Read(batch[0]);
        }

        var parts = new List<byte[]>(batch.Count);
        var length = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            if (_store.Read(batch[i]) is not { } part)
            {
                // Unreadable and already dropped: deliver the others.
                batch.RemoveAt(i--);
                continue;
            }

            parts.Add(part);
            length += part.Length;
        }

        if (parts.Count == 0)
        {
            return null;
        }

        var payload = new byte[length];
        var offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(payload, offset);
            offset += part.Length;
        }

        return payload;
    }

    private enum Outcome
    {
        Retry,
        Delivered,
        Rejected,
        Unreadable,
    }
}
