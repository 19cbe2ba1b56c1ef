using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace Tracing.Sdk.Hosting;

/// <summary>
/// The DI singleton that builds the provider once, on first use, and keeps its startup report beside it.
/// Disposing the container disposes the provider, which after a completed shutdown returns at once.
/// </summary>
internal sealed class TracerProviderHolder : IDisposable
{
    private readonly Lazy<BuiltTracing> _built;

    public TracerProviderHolder(K8sTracingState state, IConfiguration configuration, ILoggerFactory loggerFactory)
    {
        _built = new Lazy<BuiltTracing>(
            () => TracerProviderFactory.Create(state, configuration, loggerFactory),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public TracerProvider Provider => _built.Value.Provider;

    public StartupReport Report => _built.Value.Report;

    public void Dispose()
    {
        if (_built.IsValueCreated)
        {
            _built.Value.Dispose();
        }
    }
}
