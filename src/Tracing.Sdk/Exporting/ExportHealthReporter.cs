using System.Diagnostics.Tracing;
using Microsoft.Extensions.Logging;
using Tracing.Sdk.Diagnostics;
using Tracing.Sdk.Outage;

namespace Tracing.Sdk.Exporting;

/// <summary>
/// Turns the OpenTelemetry SDK's own diagnostics about export into a few clear log lines: the first failure to reach
/// the collector at once, then at most one summary with the count per <see cref="Interval"/> while it lasts, the
/// recovery, and the number of spans the batch queue dropped because it was full. With outage storage, the same for
/// the spans stored, delivered later and dropped beyond its bound: the first at once, then at most one summary per
/// <see cref="Interval"/>, and one line when everything stored was delivered. Never a flood, never an exception.
/// It listens to the SDK from <see cref="Listen"/> on, which the exporter's first request calls: every event it reports
/// is written during an export or the shutdown after one. Listening from the constructor cost every start a few
/// milliseconds (the first listener in a process creates the runtime's own event sources, and enabling the exporter's
/// builds its manifest by reflection).
/// </summary>
internal sealed class ExportHealthReporter : IOutageObserver, IDisposable
{
    internal static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private const string ExporterSource = "OpenTelemetry-Exporter-OpenTelemetryProtocol";
    private const string SdkSource = "OpenTelemetry-Sdk";
    private const int ExportSuccessEvent = 21;
    private const int DroppedItemsEvent = 32;

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Lock _listening = new();
    private SdkEventListener? _listener;
    private bool _disposed;
    private long _failures;
    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;
    private string _lastError = string.Empty;

    private readonly string _authority;
    private SpanStore? _storage;
    private long _stored;
    private long _delivered;
    private long _dropped;
    private long _droppedUnreported;
    private string _dropReason = string.Empty;
    private DateTimeOffset _lastStorageReport = DateTimeOffset.MinValue;
    private DateTimeOffset _lastDropReport = DateTimeOffset.MinValue;
    private bool _backlog;

    /// <param name="logger">Where the reports go.</param>
    /// <param name="endpoint">This provider's collector: events that name another endpoint belong to another exporter in the process.</param>
    /// <param name="time">The clock, for tests.</param>
    public ExportHealthReporter(ILogger logger, Uri endpoint, TimeProvider? time = null)
    {
        _logger = logger;
        _authority = endpoint.Authority;
        _time = time ?? TimeProvider.System;
    }

    public long Failures => Interlocked.Read(ref _failures);

    public long StoredSpans => Interlocked.Read(ref _stored);

    public long DeliveredSpans => Interlocked.Read(ref _delivered);

    public long DroppedSpans => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Spans now go to <paramref name="storage"/> when export fails. The exporter then sees every stored export as a
    /// success, so its own success events no longer mean the collector took anything: the storage reports that.
    /// </summary>
    public void AttachStorage(SpanStore storage) => _storage = storage;

    /// <summary>Reports the spans a stopping process leaves in storage.</summary>
    public void ReportLeftInStorage()
    {
        if (_storage is { } storage && storage.Spans > 0)
        {
            TracingLog.StoredSpansLeft(_logger, storage.Spans, storage.Description);
        }
    }

    /// <summary>True once <see cref="Listen"/> subscribed to the SDK's events.</summary>
    public bool IsListening => Volatile.Read(ref _listener) is not null;

    /// <summary>Subscribes to the SDK's events about export, once; safe to call from any thread, any number of times.</summary>
    public void Listen()
    {
        if (Volatile.Read(ref _listener) is not null)
        {
            return;
        }

        lock (_listening)
        {
            if (_listener is null && !_disposed)
            {
                Volatile.Write(ref _listener, new SdkEventListener(this));
            }
        }
    }

    public void Dispose()
    {
        lock (_listening)
        {
            _disposed = true;
            _listener?.Dispose();
        }
    }

    private void OnEventWritten(EventWrittenEventArgs eventData)
    {
        try
        {
            if (eventData.EventSource.Name == SdkSource)
            {
                if (eventData.EventId == DroppedItemsEvent && eventData.Payload is { Count: >= 3 } payload && payload[2] is long dropped)
                {
                    TracingLog.SpansDropped(_logger, dropped);
                }

                return;
            }

            if (!IsAboutThisExporter(eventData))
            {
                return;
            }

            if (eventData.EventId == ExportSuccessEvent)
            {
                if (_storage is null)
                {
                    OnSuccess();
                }
            }
            else if (eventData.Level is EventLevel.Error or EventLevel.Warning)
            {
                OnFailure(Describe(eventData));
            }
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException)
        {
            TracingSdkEventSource.Log.OperationFailed("Reporting export health", e.Message);
        }
    }

    void IOutageObserver.OnReachable() => OnSuccess();

    void IOutageObserver.OnStored(int spans, string error)
    {
        OnFailure(error);
        bool report;
        lock (_lock)
        {
            _stored += spans;
            _backlog = true;
            report = Due(ref _lastStorageReport);
        }

        if (report)
        {
            ReportStorage();
        }
    }

    void IOutageObserver.OnDelivered(int spans, long stillStored)
    {
        bool done;
        long delivered;
        long dropped;
        lock (_lock)
        {
            _delivered += spans;
            done = stillStored == 0 && _backlog;
            if (done)
            {
                _backlog = false;
                _lastStorageReport = DateTimeOffset.MinValue;
            }

            delivered = _delivered;
            dropped = _dropped;
        }

        if (done)
        {
            TracingLog.StoredSpansDelivered(_logger, delivered, dropped);
        }
    }

    void IOutageObserver.OnDropped(int spans, string reason)
    {
        if (spans <= 0)
        {
            return;
        }

        bool report;
        long count;
        long total;
        lock (_lock)
        {
            _dropped += spans;
            _droppedUnreported += spans;
            _dropReason = reason;
            report = Due(ref _lastDropReport);
            count = _droppedUnreported;
            total = _dropped;
            if (report)
            {
                _droppedUnreported = 0;
            }
        }

        if (report)
        {
            TracingLog.StoredSpansDropped(_logger, count, total, reason);
        }
    }

    private bool Due(ref DateTimeOffset last)
    {
        var now = _time.GetUtcNow();
        if (now - last < Interval)
        {
            return false;
        }

        last = now;
        return true;
    }

    private void ReportStorage()
    {
        if (_storage is not { } storage)
        {
            return;
        }

        TracingLog.StorageSummary(_logger, StoredSpans, DeliveredSpans, DroppedSpans, storage.Spans, storage.Description);
    }

    internal void OnFailure(string error)
    {
        bool report;
        long failures;
        lock (_lock)
        {
            _failures++;
            _lastError = error;
            var now = _time.GetUtcNow();
            report = now - _lastReport >= Interval;
            if (report)
            {
                _lastReport = now;
            }

            failures = _failures;
        }

        if (report)
        {
            if (_storage is { } storage)
            {
                TracingLog.ExportFailingStored(_logger, failures, storage.Description, error);
            }
            else
            {
                TracingLog.ExportFailing(_logger, failures, error);
            }
        }
    }

    internal void OnSuccess()
    {
        long failures;
        lock (_lock)
        {
            if (_failures == 0)
            {
                return;
            }

            failures = _failures;
            _failures = 0;
            _lastReport = DateTimeOffset.MinValue;
        }

        TracingLog.ExportRecovered(_logger, failures);
    }

    /// <summary>
    /// The exporter's failure and success events name their endpoint first; an event that names none cannot be told
    /// apart from another exporter's in the same process, so it is left out rather than miscounted.
    /// </summary>
    private bool IsAboutThisExporter(EventWrittenEventArgs eventData) =>
        eventData.Payload is { Count: > 0 } payload &&
        payload[0] is string first &&
        Uri.TryCreate(first, UriKind.Absolute, out var endpoint) &&
        string.Equals(endpoint.Authority, _authority, StringComparison.OrdinalIgnoreCase);

    private static string Describe(EventWrittenEventArgs eventData)
    {
        var message = eventData.Message ?? eventData.EventName ?? "export failed";
        if (eventData.Payload is { Count: > 0 } payload)
        {
            try
            {
                message = string.Format(System.Globalization.CultureInfo.InvariantCulture, message, [.. payload]);
            }
            catch (FormatException)
            {
            }
        }

        // The SDK's messages carry whole exception texts; the first line says what happened.
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return newline > 0 ? message[..newline].TrimEnd() : message;
    }

    /// <summary>
    /// The subscription itself. The reporter is a field initializer, so it is set before the base constructor enables
    /// the sources (and events can arrive).
    /// </summary>
    private sealed class SdkEventListener(ExportHealthReporter reporter) : EventListener
    {
        private readonly ExportHealthReporter _reporter = reporter;

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == ExporterSource)
            {
                EnableEvents(eventSource, EventLevel.Informational);
            }
            else if (eventSource.Name == SdkSource)
            {
                EnableEvents(eventSource, EventLevel.Warning);
            }

            base.OnEventSourceCreated(eventSource);
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData) => _reporter.OnEventWritten(eventData);
    }
}
