using Microsoft.Extensions.Logging;

namespace Tracing.Sdk.Diagnostics;

/// <summary>Tracing.Sdk's log messages to the application's logger, source-generated so a disabled level costs nothing.</summary>
internal static partial class TracingLog
{
    public const string Category = "Tracing.Sdk";

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Report}")]
    public static partial void Started(ILogger logger, string report);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Tracing.Sdk configuration: {Problem}")]
    public static partial void ConfigurationProblem(ILogger logger, string problem);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Tracing.Sdk could not flush all spans within {ShutdownTimeout}; spans still queued were dropped.")]
    public static partial void ShutdownTimedOut(ILogger logger, TimeSpan shutdownTimeout);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Tracing.Sdk is disabled by {Reason}; the application runs untraced.")]
    public static partial void Disabled(ILogger logger, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Tracing.Sdk cannot export spans ({Failures} failed attempts so far; the exporter retries with backoff, spans wait in the bounded queue): {Error}")]
    public static partial void ExportFailing(ILogger logger, long failures, string error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Tracing.Sdk export recovered after {Failures} failed attempts.")]
    public static partial void ExportRecovered(ILogger logger, long failures);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Tracing.Sdk dropped {Count} spans because the export queue was full (OTEL_BSP_MAX_QUEUE_SIZE).")]
    public static partial void SpansDropped(ILogger logger, long count);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "The instrumentation hook {Hook} threw; the span is kept without what it would have added. Later failures of this hook are not logged.")]
    public static partial void HookFailed(ILogger logger, string hook, Exception exception);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Tracing.Sdk cannot export spans ({Failures} failed attempts so far; the spans are kept in {Storage} and delivered when the collector is back): {Error}")]
    public static partial void ExportFailingStored(ILogger logger, long failures, string storage, string error);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Tracing.Sdk outage storage: {Stored} spans stored, {Delivered} delivered later, {Dropped} dropped so far; {Waiting} waiting in {Storage}.")]
    public static partial void StorageSummary(ILogger logger, long stored, long delivered, long dropped, long waiting, string storage);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Tracing.Sdk dropped {Count} stored spans ({Total} so far): {Reason}.")]
    public static partial void StoredSpansDropped(ILogger logger, long count, long total, string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Tracing.Sdk delivered the spans kept through the outage: {Delivered} delivered later, {Dropped} dropped so far.")]
    public static partial void StoredSpansDelivered(ILogger logger, long delivered, long dropped);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Tracing.Sdk stops with {Waiting} spans waiting in {Storage}; the next start on this directory delivers them.")]
    public static partial void StoredSpansLeft(ILogger logger, long waiting, string storage);
}
