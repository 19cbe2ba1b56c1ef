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
}
