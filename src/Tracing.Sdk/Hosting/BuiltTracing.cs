using OpenTelemetry.Trace;

namespace Tracing.Sdk.Hosting;

/// <summary>The provider, its startup report, and what lives and dies with it.</summary>
internal sealed record BuiltTracing(TracerProvider Provider, StartupReport Report, IReadOnlyList<IDisposable> Companions) : IDisposable
{
    public void Dispose()
    {
        Provider.Dispose();

        // After the provider: its shutdown still reports (dropped spans) through them.
        foreach (var companion in Companions)
        {
            companion.Dispose();
        }
    }
}
