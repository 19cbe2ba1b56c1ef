using Microsoft.Extensions.Logging;
using Tracing.Sdk.Diagnostics;

namespace Tracing.Sdk.Instrumentation;

/// <summary>
/// Where an exception thrown by an application's instrumentation hook goes: never into the request; reported the first
/// time each hook fails (EventSource and the application's log), so a hook that fails on every request cannot flood.
/// </summary>
internal sealed class HookFailures
{
    private readonly ILogger? _logger;
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    public HookFailures(ILoggerFactory? loggerFactory = null)
    {
        _logger = loggerFactory?.CreateLogger(TracingLog.Category);
    }

    public void Report(string hook, Exception exception)
    {
        lock (_reported)
        {
            if (!_reported.Add(hook))
            {
                return;
            }
        }

        try
        {
            TracingSdkEventSource.Log.HookFailed(hook, exception.GetType().FullName + ": " + exception.Message);
            if (_logger is not null)
            {
                TracingLog.HookFailed(_logger, hook, exception);
            }
        }
#pragma warning disable CA1031 // Reporting must not throw into the request either (a logger provider can fail).
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
