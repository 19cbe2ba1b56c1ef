using System.Diagnostics.Tracing;

namespace Tracing.Sdk.Diagnostics;

/// <summary>
/// Tracing.Sdk's self-diagnostics, for <c>dotnet-trace</c> and in-process listeners: what it could not use and what it dropped.
/// Nothing here ever throws into the application.
/// </summary>
[EventSource(Name = "Tracing-Sdk")]
internal sealed class TracingSdkEventSource : EventSource
{
    public static readonly TracingSdkEventSource Log = new();

    [Event(1, Level = EventLevel.Warning, Message = "Configuration '{0}': {1}")]
    public void ConfigurationProblem(string key, string problem) => WriteEvent(1, key, problem);

    [Event(2, Level = EventLevel.Informational, Message = "Tracing started: {0}")]
    public void Started(string report) => WriteEvent(2, report);

    [Event(3, Level = EventLevel.Warning, Message = "The tracer provider did not finish flushing within {0} ms; spans still queued are lost.")]
    public void ShutdownTimedOut(int timeoutMilliseconds) => WriteEvent(3, timeoutMilliseconds);

    [Event(4, Level = EventLevel.Warning, Message = "{0} failed and was ignored: {1}")]
    public void OperationFailed(string operation, string error) => WriteEvent(4, operation, error);

    [Event(5, Level = EventLevel.Informational, Message = "Tracing is disabled by {0}.")]
    public void Disabled(string reason) => WriteEvent(5, reason);

    [Event(6, Level = EventLevel.Warning, Message = "The instrumentation hook {0} threw and was ignored (reported once; later failures are not): {1}")]
    public void HookFailed(string hook, string error) => WriteEvent(6, hook, error);
}
