using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using Tracing.Sdk.Sampling;

namespace Tracing.Sdk.Configuration;

/// <summary>
/// Checks the options after the <c>configure</c> delegate ran. What configuration supplied was already checked and
/// replaced by defaults, so what fails here was set in code: it throws at startup with every problem in one message.
/// </summary>
internal static class K8sTracingOptionsValidator
{
    internal static readonly string[] KnownPropagators = ["tracecontext", "baggage", "b3", "b3multi", "none"];

    public static void ThrowIfInvalid(K8sTracingOptions options, ConfiguredValues configured)
    {
        var failures = Validate(options, configured);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(nameof(K8sTracingOptions), typeof(K8sTracingOptions), failures);
        }
    }

    public static List<string> Validate(K8sTracingOptions options, ConfiguredValues configured)
    {
        var failures = new List<string>();

        if (options.ServiceName is not null && string.IsNullOrWhiteSpace(options.ServiceName))
        {
            failures.Add($"{nameof(options.ServiceName)} must not be empty or white space.");
        }

        if (options.Endpoint is { } endpoint &&
            (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{nameof(options.Endpoint)} must be an absolute http:// or https:// URL, not '{endpoint}'.");
        }

        if (!Enum.IsDefined(options.Protocol))
        {
            failures.Add($"{nameof(options.Protocol)} '{options.Protocol}' is not a defined {nameof(OtlpExportProtocol)}.");
        }

        if ((options.Exporter & ~(TracesExporter.Otlp | TracesExporter.Console | TracesExporter.Zipkin)) != 0)
        {
            failures.Add($"{nameof(options.Exporter)} '{options.Exporter}' is not a defined {nameof(TracesExporter)}.");
        }

        if (!Enum.IsDefined(options.Compression))
        {
            failures.Add($"{nameof(options.Compression)} '{options.Compression}' is not a defined {nameof(OtlpExportCompression)}.");
        }

        if (!Enum.IsDefined(options.IncomingContext))
        {
            failures.Add($"{nameof(options.IncomingContext)} '{options.IncomingContext}' is not a defined {nameof(IncomingTraceContext)}.");
        }

        Positive(failures, nameof(options.ExportTimeout), options.ExportTimeout);
        Positive(failures, nameof(options.BatchExportTimeout), options.BatchExportTimeout);
        Positive(failures, nameof(options.ShutdownTimeout), options.ShutdownTimeout);
        if (options.BatchScheduleDelay < TimeSpan.Zero)
        {
            failures.Add($"{nameof(options.BatchScheduleDelay)} must not be negative, not {options.BatchScheduleDelay}.");
        }

        if (options.BatchMaxQueueSize <= 0)
        {
            failures.Add($"{nameof(options.BatchMaxQueueSize)} must be positive, not {options.BatchMaxQueueSize}.");
        }

        // Against the queue the exporter will have: set in code, or as the SDK reads OTEL_BSP_MAX_QUEUE_SIZE.
        var queueInCode = options.Assigned.Contains(nameof(options.BatchMaxQueueSize));
        var queue = queueInCode ? options.BatchMaxQueueSize : configured.BatchMaxQueueSize ?? options.BatchMaxQueueSize;
        if (options.BatchMaxExportBatchSize <= 0 ||
            ((queueInCode || options.Assigned.Contains(nameof(options.BatchMaxExportBatchSize))) && options.BatchMaxExportBatchSize > queue))
        {
            failures.Add($"{nameof(options.BatchMaxExportBatchSize)} must be from 1 to {nameof(options.BatchMaxQueueSize)} ({queue}), not {options.BatchMaxExportBatchSize}.");
        }

        if (!Enum.IsDefined(options.OutageStorage))
        {
            failures.Add($"{nameof(options.OutageStorage)} '{options.OutageStorage}' is not a defined {nameof(OutageStorage)}.");
        }

        if (options.OutageStorageDirectory is { } directory && !K8sTracingConfigurationReader.IsUsableDirectoryPath(directory))
        {
            failures.Add($"{nameof(options.OutageStorageDirectory)} must be an absolute directory path, not '{directory}'.");
        }

        if (options.OutageStorageMaxBytes < K8sTracingOptions.MinOutageStorageMaxBytes)
        {
            failures.Add($"{nameof(options.OutageStorageMaxBytes)} must be at least {K8sTracingOptions.MinOutageStorageMaxBytes} (64 KiB), not {options.OutageStorageMaxBytes}.");
        }

        Positive(failures, nameof(options.OutageStorageMaxAge), options.OutageStorageMaxAge);

        if (options.SamplingRatePerMillion is < 0 or > 1_000_000)
        {
            failures.Add($"{nameof(options.SamplingRatePerMillion)} must be from 0 to 1000000, not {options.SamplingRatePerMillion}.");
        }

        SamplingRuleProblems.AddTo(failures, options.SamplingRules);

        foreach (var path in options.ProbePaths)
        {
            if (string.IsNullOrEmpty(path) || !path.StartsWith('/'))
            {
                failures.Add($"{nameof(options.ProbePaths)} entry '{path}' must start with '/'.");
            }
        }

        foreach (var path in options.IncomingContextByPath.Keys)
        {
            if (!path.StartsWith('/'))
            {
                failures.Add($"{nameof(options.IncomingContextByPath)} key '{path}' must start with '/'.");
            }
        }

        if (!string.Equals(configured.Snapshot.GetValueOrDefault("propagators") as string, string.Join(',', options.Propagators), StringComparison.Ordinal))
        {
            foreach (var name in options.Propagators)
            {
                if (Array.IndexOf(KnownPropagators, name) < 0)
                {
                    failures.Add($"{nameof(options.Propagators)} entry '{name}' is not one of {string.Join(", ", KnownPropagators)}.");
                }
            }
        }

        foreach (var header in options.ExportHeaders)
        {
            if (string.IsNullOrWhiteSpace(header.Key) || ContainsControl(header.Key) || ContainsControl(header.Value))
            {
                failures.Add($"{nameof(options.ExportHeaders)} entry '{header.Key}' has an empty name or a control character.");
            }
        }

        foreach (var attribute in options.ResourceAttributes)
        {
            if (string.IsNullOrEmpty(attribute.Key))
            {
                failures.Add($"{nameof(options.ResourceAttributes)} has an empty key.");
            }
            else if (attribute.Value is not (string or bool or long or int or double or string[] or bool[] or long[] or double[]))
            {
                failures.Add($"{nameof(options.ResourceAttributes)} '{attribute.Key}' has a value of type {attribute.Value?.GetType().Name ?? "null"}; use string, bool, long or double.");
            }
        }

        return failures;
    }

    private static void Positive(List<string> failures, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{name} must be positive, not {value}.");
        }
    }

    private static bool ContainsControl(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
