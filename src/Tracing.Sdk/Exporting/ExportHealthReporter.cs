using System.Diagnostics.Tracing;
using Microsoft.Extensions.Logging;
using Tracing.Sdk.Diagnostics;

namespace Tracing.Sdk.Exporting;

/// <summary>
/// Turns the OpenTelemetry SDK's own diagnostics about export into a few clear log lines: the first failure to reach
/// the collector at once, then at most one summary with the count per <see cref="Interval"/> while it lasts, the
/// recovery, and the number of spans the batch queue dropped because it was full. Never a flood, never an exception.
/// </summary>
internal sealed class ExportHealthReporter : EventListener
{
    internal static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private const string ExporterSource = "OpenTelemetry-Exporter-OpenTelemetryProtocol";
    private const string SdkSource = "OpenTelemetry-Sdk";
    private const int ExportSuccessEvent = 21;
    private const int DroppedItemsEvent = 32;

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private long _failures;
    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;
    private string _lastError = string.Empty;

    private readonly string _authority;

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

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
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
                OnSuccess();
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
            TracingLog.ExportFailing(_logger, failures, error);
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
}
