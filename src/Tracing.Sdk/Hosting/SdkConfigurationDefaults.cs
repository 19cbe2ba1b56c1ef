using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Tracing.Sdk.Configuration;

namespace Tracing.Sdk.Hosting;

/// <summary>
/// Settings the OpenTelemetry SDK reads itself from the application's configuration, given the values Tracing.Sdk
/// stands for: the retry of transient export failures — exponential backoff with jitter, honouring Retry-After — is on
/// unless the application turns it off. The SDK throws on a retry value it does not know, so the value is checked
/// first: a typo in an environment variable must not stop the service from starting.
/// </summary>
internal static class SdkConfigurationDefaults
{
    /// <summary>
    /// Adds the defaults below every other source of <paramref name="configuration"/>, and a correction above them
    /// where a configured value would make the SDK fail. A configuration that cannot take sources is left as it is.
    /// </summary>
    public static void Apply(IConfiguration configuration, SetupDiagnostics diagnostics)
    {
        if (configuration is not IConfigurationBuilder sources)
        {
            return;
        }

        var retry = Retry(configuration, diagnostics);
        if (retry.Configured is null)
        {
            sources.Sources.Insert(0, Memory(OtelEnvironmentVariables.OtlpRetry, retry.Value));
        }
        else if (!string.Equals(retry.Configured, retry.Value, StringComparison.Ordinal))
        {
            sources.Sources.Add(Memory(OtelEnvironmentVariables.OtlpRetry, retry.Value));
        }
    }

    /// <summary>The retry setting the SDK is to see, and the one configured (null when none is).</summary>
    internal static (string Value, string? Configured) Retry(IConfiguration configuration, SetupDiagnostics diagnostics)
    {
        const string Key = OtelEnvironmentVariables.OtlpRetry;
        var configured = configuration[Key];
        switch (configured?.Trim().ToLowerInvariant())
        {
            case null:
                return ("in_memory", null);
            case "" or "in_memory":
                return ("in_memory", configured);
            case "disabled" or "none" or "off" or "false":
                return (string.Empty, configured);
            case "disk" when !string.IsNullOrWhiteSpace(configuration[OtelEnvironmentVariables.OtlpDiskRetryDirectory]):
                return ("disk", configured);
            case "disk":
                diagnostics.Warn(Key, $"'disk' needs {OtelEnvironmentVariables.OtlpDiskRetryDirectory}; using in_memory.");
                return ("in_memory", configured);
            default:
                diagnostics.Warn(Key, $"'{configured}' is not in_memory, disk or disabled; using in_memory.");
                return ("in_memory", configured);
        }
    }

    private static MemoryConfigurationSource Memory(string key, string value) =>
        new() { InitialData = [new KeyValuePair<string, string?>(key, value)] };
}
