using Tracing.Sdk.Diagnostics;

namespace Tracing.Sdk.Configuration;

/// <summary>
/// Problems found while reading configuration, kept so the startup report can name each one once,
/// and sent to the EventSource as they are found.
/// </summary>
internal sealed class SetupDiagnostics
{
    private readonly List<string> _warnings = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (_lock)
            {
                return [.. _warnings];
            }
        }
    }

    public void Warn(string key, string problem)
    {
        var message = $"{key}: {problem}";
        lock (_lock)
        {
            if (_warnings.Contains(message))
            {
                return;
            }

            _warnings.Add(message);
        }

        TracingSdkEventSource.Log.ConfigurationProblem(key, problem);
    }
}
