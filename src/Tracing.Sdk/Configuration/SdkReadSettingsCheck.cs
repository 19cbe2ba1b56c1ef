using System.Globalization;
using Microsoft.Extensions.Configuration;
using Keys = Tracing.Sdk.Configuration.OtelEnvironmentVariables;

namespace Tracing.Sdk.Configuration;

/// <summary>
/// Checks the keys the OpenTelemetry SDK reads itself for Tracing.Sdk's exporter, with the SDK's own rules, so a value
/// the SDK ignores is reported too: the SDK only writes it to its EventSource and uses its default. Nothing is parsed
/// into the options; where the SDK takes a value it then fails on, the value is marked for correction.
/// </summary>
internal static class SdkReadSettingsCheck
{
    /// <summary>The exporter's default timeout, which the SDK uses for a value it cannot read.</summary>
    public const int DefaultTimeoutMilliseconds = 10_000;

    /// <summary>The batch processor's default export timeout, which the SDK uses for a value it cannot read.</summary>
    public const int DefaultBatchExportTimeoutMilliseconds = 30_000;

    private const int DefaultMaxQueueSize = 2048;
    private const int DefaultMaxExportBatchSize = 512;

    /// <summary><c>OTEL_EXPORTER_OTLP_COMPRESSION</c>: <c>gzip</c> or <c>none</c>, any case; anything else means none.</summary>
    public static void CheckCompression(IConfiguration configuration, SetupDiagnostics diagnostics)
    {
        if (Raw(configuration, Keys.OtlpCompression) is { } compression &&
            compression.Trim().ToUpperInvariant() is not ("GZIP" or "NONE"))
        {
            diagnostics.Warn(Keys.OtlpCompression, $"'{compression}' is not a supported compression (gzip, none); using none.");
        }
    }

    /// <summary><c>OTEL_EXPORTER_OTLP_TIMEOUT</c>: milliseconds; the SDK takes 0 and the provider then fails to build.</summary>
    public static void CheckTimeout(IConfiguration configuration, SetupDiagnostics diagnostics, ConfiguredValues configured)
    {
        if (Raw(configuration, Keys.OtlpTimeout) is not { } timeout)
        {
            return;
        }

        var read = SdkInt(timeout);
        if (read is null or 0)
        {
            diagnostics.Warn(Keys.OtlpTimeout, $"'{timeout}' is not a positive number of milliseconds; using the default.");
            configured.TimeoutRejected = read == 0;
        }
    }

    /// <summary>
    /// <c>OTEL_BSP_*</c>, as the SDK reads them: a queue and a batch size above 0, the batch at most the queue,
    /// a schedule delay above 0, an export timeout of at least 0 (0 is reported here and replaced by the default).
    /// </summary>
    public static void CheckBatch(IConfiguration configuration, SetupDiagnostics diagnostics, ConfiguredValues configured)
    {
        configured.BatchMaxQueueSize = Positive(configuration, Keys.BspMaxQueueSize, "is not a positive whole number", diagnostics);
        var queue = configured.BatchMaxQueueSize ?? DefaultMaxQueueSize;
        var batch = Positive(configuration, Keys.BspMaxExportBatchSize, "is not a positive whole number", diagnostics) ?? DefaultMaxExportBatchSize;
        if (batch > queue)
        {
            diagnostics.Warn(Keys.BspMaxExportBatchSize, $"{batch} exceeds {Keys.BspMaxQueueSize} ({queue}); using {queue}.");
        }

        Positive(configuration, Keys.BspScheduleDelay, "is not a positive number of milliseconds", diagnostics);
        if (Positive(configuration, Keys.BspExportTimeout, "is not a positive number of milliseconds", diagnostics) is null &&
            Raw(configuration, Keys.BspExportTimeout) is { } exportTimeout)
        {
            configured.BatchExportTimeoutRejected = SdkInt(exportTimeout) == 0;
        }
    }

    private static int? Positive(IConfiguration configuration, string key, string problem, SetupDiagnostics diagnostics)
    {
        if (Raw(configuration, key) is not { } value)
        {
            return null;
        }

        if (SdkInt(value) is > 0 and var number)
        {
            return number;
        }

        diagnostics.Warn(key, $"'{value}' {problem}; using the default.");
        return null;
    }

    /// <summary>A value as the SDK sees it: absent when empty or white space, otherwise not trimmed.</summary>
    private static string? Raw(IConfiguration configuration, string key) =>
        configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>An integer the way the SDK parses one: digits only, no sign, no white space.</summary>
    private static int? SdkInt(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
}
