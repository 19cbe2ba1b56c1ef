using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Tracing.Sdk.Configuration;

namespace Tracing.Sdk.Hosting;

/// <summary>
/// Settings the OpenTelemetry SDK reads itself from the application's configuration, given the values Tracing.Sdk
/// stands for. The exporter's retry of transient failures — exponential backoff with jitter, honouring Retry-After —
/// stays on unless the application turns retry off; the SDK's own disk retry never runs, since Tracing.Sdk's outage
/// storage does that job (<c>disk</c> means ours). The SDK throws on a retry value it does not know, so it always gets
/// one it knows: a typo in an environment variable must not stop the service from starting.
/// </summary>
internal static class SdkConfigurationDefaults
{
    /// <summary>
    /// Adds the defaults below every other source of <paramref name="configuration"/>, and a correction above them
    /// where a configured value would make the SDK fail or store spans a second time. A configuration that cannot take
    /// sources is left as it is.
    /// </summary>
    public static void Apply(IConfiguration configuration, OutageStorage storage)
    {
        if (configuration is not IConfigurationBuilder sources)
        {
            return;
        }

        var configured = configuration[OtelEnvironmentVariables.OtlpRetry];
        var value = Retry(storage);
        if (configured is null)
        {
            sources.Sources.Insert(0, Memory(OtelEnvironmentVariables.OtlpRetry, value));
        }
        else if (!string.Equals(configured, value, StringComparison.Ordinal))
        {
            sources.Sources.Add(Memory(OtelEnvironmentVariables.OtlpRetry, value));
        }
    }

    /// <summary>The retry setting the SDK is to see.</summary>
    internal static string Retry(OutageStorage storage) => storage == OutageStorage.None ? string.Empty : "in_memory";

    private static MemoryConfigurationSource Memory(string key, string value) =>
        new() { InitialData = [new KeyValuePair<string, string?>(key, value)] };
}
