using System.Globalization;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using Tracing.Sdk.Sampling;
using Keys = Tracing.Sdk.Configuration.OtelEnvironmentVariables;

namespace Tracing.Sdk.Configuration;

/// <summary>
/// Reads the <c>OTEL_*</c> keys the OpenTelemetry SDK does not read for Tracing.Sdk's exporter, and the <c>K8sTracing</c>
/// section, into <see cref="K8sTracingOptions"/> with the specification's semantics. A value that cannot be used is
/// reported by key, with the fallback, and left at its default. The keys the SDK reads itself
/// (<see cref="SdkReadSettingsCheck"/>) are only checked, so a bad value is reported as well.
/// </summary>
internal static class K8sTracingConfigurationReader
{
    public static ConfiguredValues Read(IConfiguration configuration, K8sTracingOptions options, SetupDiagnostics diagnostics)
    {
        var configured = new ConfiguredValues();

        ReadSdkDisabled(configuration, options, diagnostics, configured);

        var serviceName = Value(configuration, Keys.ServiceName);
        if (serviceName is not null)
        {
            options.ServiceName = serviceName;
            configured.Origins["service.name"] = Keys.ServiceName;
        }

        configured.ResourceAttributes.AddRange(
            KeyValueListParser.Parse(Value(configuration, Keys.ResourceAttributes), Keys.ResourceAttributes, diagnostics));

        ReadExporter(configuration, options, diagnostics, configured);
        ReadProtocol(configuration, options, diagnostics, configured);
        ReadEndpoints(configuration, options, diagnostics, configured);
        ReadHeaders(configuration, options, diagnostics);
        ReadTls(configuration, options);
        ReadCompression(configuration, options, diagnostics);
        ReadTimeout(configuration, options, diagnostics, configured);
        SdkReadSettingsCheck.CheckBatch(configuration, diagnostics, configured);
        ReadOutageStorage(configuration, options, diagnostics);
        ReadSampling(configuration, options, diagnostics, configured);
        ReadSamplingRules(configuration, options, diagnostics);
        ReadSection(configuration, options, diagnostics);

        configured.Snapshot["exporter"] = options.Exporter;
        configured.Snapshot["protocol"] = options.Protocol;
        configured.Snapshot["endpoint"] = options.Endpoint;
        configured.Snapshot["service.name"] = options.ServiceName;
        configured.Snapshot["sampler"] = options.Sampler;
        configured.Snapshot["samplingRatePerMillion"] = options.SamplingRatePerMillion;
        configured.Snapshot["propagators"] = string.Join(',', options.Propagators);
        return configured;
    }

    private static void ReadSdkDisabled(IConfiguration configuration, K8sTracingOptions options, SetupDiagnostics diagnostics, ConfiguredValues configured)
    {
        if (TryBool(configuration, Keys.SdkDisabled, current: false, diagnostics) is { } disabled)
        {
            options.Enabled = !disabled;
            configured.Origins["enabled"] = Keys.SdkDisabled;
        }
    }

    private static void ReadExporter(IConfiguration configuration, K8sTracingOptions options, SetupDiagnostics diagnostics, ConfiguredValues configured)
    {
        var exporter = Value(configuration, Keys.TracesExporter);
        if (exporter is null)
        {
            return;
        }

        // A list: every exporter named gets every span. "none" alone means none; beside others it adds nothing.
        TracesExporter? exporters = null;
        foreach (var name in exporter.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            TracesExporter? parsed = name.ToLowerInvariant() switch
            {
                "otlp" => TracesExporter.Otlp,
                "console" => TracesExporter.Console,
                "zipkin" => TracesExporter.Zipkin,
                "none" => TracesExporter.None,
                _ => null,
            };

            if (parsed is { } value)
            {
                exporters = (exporters ?? TracesExporter.None) | value;
                continue;
            }

            diagnostics.Warn(Keys.TracesExporter, $"'{name}' is not an exporter this SDK provides (otlp, console, zipkin, none); it was skipped.");
        }

        if (exporters is { } known)
        {
            options.Exporter = known;
            configured.Origins["exporter"] = Keys.TracesExporter;
        }
    }

    private static void ReadProtocol(IConfiguration configuration, K8sTracingOptions options, SetupDiagnostics diagnostics, ConfiguredValues configured)
    {
        var key = Value(configuration, Keys.OtlpTracesProtocol) is not null ? Keys.OtlpTracesProtocol : Keys.OtlpProtocol;
        var protocol = Value(configuration, key);
        if (protocol is null)
        {
            return;
        }

        switch (protocol.ToLowerInvariant())
        {
            case "grpc":
                options.Protocol = OtlpExportProtocol.Grpc;
                configured.Origins["protocol"] = key;
                break;
            case "http/protobuf":
                options.Protocol = OtlpExportProtocol.HttpProtobuf;
                configured.Origins["protocol"] = key;
                break;
            default:
                diagnostics.Warn(key, $"'{protocol}' is not a supported protocol (grpc, http/protobuf); using grpc.");
                break;
        }
    }

    /// <summary>
    /// The signal endpoint is ours: the SDK's <c>AddOtlpExporter</c> reads only the base one. The base endpoint is read by
    /// the SDK (which appends <c>/v1/traces</c> for HTTP) and only checked here: a value the SDK would take as it is — a
    /// scheme-less gRPC <c>host:port</c>, a scheme other than http or https — is corrected or reported.
    /// </summary>
    private static void ReadEndpoints(IConfiguration configuration, K8sTracingOptions options, SetupDiagnostics diagnostics, ConfiguredValues configured)
    {
        var insecureKey = Value(configuration, Keys.OtlpTracesInsecure) is not null ? Keys.OtlpTracesInsecure : Keys.OtlpInsecure;
        var insecure = TryBool(configuration, insecureKey, current: false, diagnostics) ?? false;

        if (Value(configuration, Keys.OtlpTracesEndpoint) is { } tracesEndpoint &&
            TryEndpoint(tracesEndpoint, Keys.OtlpTracesEndpoint, options.Protocol, insecure, diagnostics) is { } uri)
        {
            options.Endpoint = uri;
            configured.Origins["endpoint"] = Keys.OtlpTracesEndpoint;
            return;
        }

        if (Value(configuration, Keys.OtlpEndpoint) is not { } baseEndpoint)
        {
            return;
        }

        if (TryEndpoint(baseEndpoint, Keys.OtlpEndpoint, options.Protocol, insecure, diagnostics) is not { } baseUri)
        {
            configured.BaseEndpointRejected = true;
            return;
        }

        configured.Origins["endpoint"] = Keys.OtlpEndpoint;
        if (!baseEndpoint.Contains("://", StringComparison.Ordinal))
        {
            configured.SchemelessBaseEndpoint = baseUri;
        }
    }

    private static void ReadTls(IConfiguration configuration, K8sTracingOptions options)
    {
        options.ExportCertificateFile = Value(configuration, Keys.OtlpTracesCertificate) ?? Value(configuration, Keys.OtlpCertificate);
        options.ExportClientCertificateFile = Value(configuration, Keys.OtlpTracesClientCertificate) ?? Value(configuration, Keys.OtlpClientCertificate);
        options.ExportClientKeyFile = Value(configuration, Keys.OtlpTracesClientKey) ?? Value(configuration, Keys.OtlpClientKey);
    }

    private static void ReadHeaders(IConfiguration configuration, K8sTracingOptions options, SetupDiagnostics diagnostics)
    {
        foreach (var key in new[] { Keys.OtlpHeaders, Keys.OtlpTracesHeaders })
        {
            foreach (var header in KeyValueListParser.Parse(Value(configuration, key), key, diagnostics))
            {
                if (header.Key.Any(char.IsControl) || header.Value.Any(char.IsControl))
                {
                    diagnostics.Warn(key, $"header '{header.Key}' has a control character; it was skipped.");
                    continue;
                }

                options.ExportHeaders[header.Key] = header.Value;
            }
        }
    }

    /// <summary>The signal key is ours; the base key is read by the SDK, with the same values, and only checked here.</summary>
    private static void ReadCompression(IConfiguration configuration, K8sTracingOptions options, SetupDiagnostics diagnostics)
    {
        if (Value(configuration, Keys.OtlpTracesCompression) is not { } compression)
        {
            SdkReadSettingsCheck.CheckCompression(configuration, diagnostics);
            return;
        }

        switch (compression.ToLowerInvariant())
        {
            case "gzip":
                options.Compression = OtlpExportCompression.GZip;
                break;
            case "none":
                options.Compression = OtlpExportCompression.None;
                break;
            default:
                diagnostics.Warn(Keys.OtlpTracesCompression, $"'{compression}' is not a supported compression (gzip, none); using none.");
                options.Compression = OtlpExportCompression.None;
                break;
        }
    }

    /// <summary>The signal key is ours; the base key is read by the SDK and only checked here.</summary>
    private static void ReadTimeout(IConfiguration configuration, K8sTracingOptions options, SetupDiagnostics diagnostics, ConfiguredValues configured)
    {
        if (Value(configuration, Keys.OtlpTracesTimeout) is not { } timeout)
        {
            SdkReadSettingsCheck.CheckTimeout(configuration, diagnostics, configured);
            return;
        }

        // Set either way, so an invalid signal value means the default rather than the base key's value.
        options.ExportTimeout = TryMilliseconds(timeout, diagnostics, Keys.OtlpTracesTimeout) ?? options.ExportTimeout;
    }

    private static void ReadOutageStorage(IConfiguration configuration, K8sTracingOptions options, SetupDiagnostics diagnostics)
    {
        if (Value(configuration, Keys.OtlpRetry) is { } retry)
        {
            switch (retry.ToLowerInvariant())
            {
                case "disk":
                    options.OutageStorage = OutageStorage.Disk;
                    break;
                case "in_memory":
                    options.OutageStorage = OutageStorage.Memory;
                    break;
                case "disabled" or "none" or "off" or "false":
                    options.OutageStorage = OutageStorage.None;
                    break;
                default:
                    diagnostics.Warn(Keys.OtlpRetry, $"'{retry}' is not disk, in_memory or disabled; using disk.");
                    break;
            }
        }

        if (Value(configuration, Keys.OtlpDiskRetryDirectory) is { } directory)
        {
            if (IsUsableDirectoryPath(directory))
            {
                options.OutageStorageDirectory = directory;
            }
            else
            {
                diagnostics.Warn(Keys.OtlpDiskRetryDirectory, $"'{directory}' is not an absolute directory path; using {Outage.OutageStorageLocation.DefaultBaseDirectory}.");
            }
        }

        if (Value(configuration, Keys.OutageStorageMaxBytes) is { } bytes)
        {
            if (TryByteSize(bytes) is { } maxBytes && maxBytes >= K8sTracingOptions.MinOutageStorageMaxBytes)
            {
                options.OutageStorageMaxBytes = maxBytes;
            }
            else
            {
                diagnostics.Warn(Keys.OutageStorageMaxBytes, $"'{bytes}' is not a size of at least 64Ki (bytes, or with a Ki, Mi or Gi suffix); using {options.OutageStorageMaxBytes}.");
            }
        }

        if (Value(configuration, Keys.OutageStorageMaxAge) is { } age)
        {
            if (TimeSpan.TryParse(age, CultureInfo.InvariantCulture, out var maxAge) && maxAge > TimeSpan.Zero)
            {
                options.OutageStorageMaxAge = maxAge;
            }
            else
            {
                diagnostics.Warn(Keys.OutageStorageMaxAge, $"'{age}' is not a positive duration such as 01:00:00; using {options.OutageStorageMaxAge}.");
            }
        }
    }

    /// <summary>An absolute path without characters a file system refuses.</summary>
    internal static bool IsUsableDirectoryPath(string path) =>
        Path.IsPathFullyQualified(path) && path.IndexOfAny(Path.GetInvalidPathChars()) < 0;

    /// <summary>Bytes, or a whole number with a binary suffix as Kubernetes writes sizes (<c>64Mi</c>).</summary>
    internal static long? TryByteSize(string value)
    {
        var (digits, multiplier) = value switch
        {
            _ when value.EndsWith("Ki", StringComparison.Ordinal) => (value[..^2], 1024L),
            _ when value.EndsWith("Mi", StringComparison.Ordinal) => (value[..^2], 1024L * 1024),
            _ when value.EndsWith("Gi", StringComparison.Ordinal) => (value[..^2], 1024L * 1024 * 1024),
            _ => (value, 1L),
        };

        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= long.MaxValue / multiplier
            ? number * multiplier
            : null;
    }

    private static void ReadSampling(IConfiguration configuration, K8sTracingOptions options, SetupDiagnostics diagnostics, ConfiguredValues configured)
    {
        configured.Sampler = SamplerParser.Parse(
            Value(configuration, Keys.TracesSampler), Value(configuration, Keys.TracesSamplerArg), diagnostics);
        if (configured.Sampler is not null)
        {
            configured.Origins["sampler"] = Keys.TracesSampler;
        }

        if (Value(configuration, Keys.SamplingRatePerMillion) is { } rate)
        {
            if (int.TryParse(rate, NumberStyles.Integer, CultureInfo.InvariantCulture, out var perMillion) && perMillion is >= 0 and <= 1_000_000)
            {
                options.SamplingRatePerMillion = perMillion;
                configured.Origins["sampler"] = Keys.SamplingRatePerMillion;
                if (configured.Sampler is not null)
                {
                    diagnostics.Warn(Keys.SamplingRatePerMillion, $"is set together with {Keys.TracesSampler}; the rate wins.");
                }
            }
            else
            {
                diagnostics.Warn(Keys.SamplingRatePerMillion, $"'{rate}' is not a whole number from 0 to 1000000; it was ignored.");
            }
        }
    }

    /// <summary>
    /// <c>K8sTracing:SamplingRules</c>, in index order: a rule with an empty path or an invalid rate is reported by its
    /// key and skipped, so the others still apply.
    /// </summary>
    private static void ReadSamplingRules(IConfiguration configuration, K8sTracingOptions options, SetupDiagnostics diagnostics)
    {
        var section = configuration.GetSection(Keys.SamplingRules);
        if (Value(configuration, Keys.SamplingRules) is { } flat)
        {
            diagnostics.Warn(Keys.SamplingRules, $"'{flat}' is not a list of rules (use {Keys.SamplingRules}:0:Path and so on); it was ignored.");
        }

        foreach (var child in section.GetChildren())
        {
            var key = $"{Keys.SamplingRules}:{child.Key}";
            var path = Value(child, "Path");
            var method = Value(child, "Method");
            var rateText = Value(child, "RatePerMillion");
            int? rate = int.TryParse(rateText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            var problems = SamplingRuleProblems.Of(path, method, rate, rateText ?? "(missing)");
            if (problems.Count > 0)
            {
                diagnostics.Warn(key, string.Join("; ", problems) + "; the rule was skipped.");
                continue;
            }

            options.SamplingRules.Add(new SamplingRule(path!, rate!.Value) { Method = method });
        }
    }

    private static void ReadSection(IConfiguration configuration, K8sTracingOptions options, SetupDiagnostics diagnostics)
    {
        if (Values(configuration, Keys.ProbePaths) is { } probePaths)
        {
            Replace(options.ProbePaths, probePaths.Where(path =>
            {
                var absolute = path.StartsWith('/');
                if (!absolute)
                {
                    diagnostics.Warn(Keys.ProbePaths, $"'{path}' does not start with '/'; it was ignored.");
                }

                return absolute;
            }));
        }

        if (TryBool(configuration, Keys.DropKubeProbeUserAgent, options.DropKubeProbeUserAgent, diagnostics) is { } drop)
        {
            options.DropKubeProbeUserAgent = drop;
        }

        if (Values(configuration, Keys.Sources) is { } sources)
        {
            Add(options.Sources, sources);
        }

        if (Value(configuration, Keys.ShutdownTimeout) is { } shutdown)
        {
            if (TimeSpan.TryParse(shutdown, CultureInfo.InvariantCulture, out var timeout) && timeout > TimeSpan.Zero && timeout <= TimeSpan.FromMinutes(10))
            {
                options.ShutdownTimeout = timeout;
            }
            else
            {
                diagnostics.Warn(Keys.ShutdownTimeout, $"'{shutdown}' is not a duration between 00:00:00 and 00:10:00; using {options.ShutdownTimeout}.");
            }
        }

        if (Value(configuration, Keys.Propagators) is { } propagators)
        {
            Replace(
                options.Propagators,
                propagators.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(name => name.ToLowerInvariant()));
        }

        if (Value(configuration, Keys.IncomingContext) is { } incoming)
        {
            if (TryIncoming(incoming) is { } policy)
            {
                options.IncomingContext = policy;
            }
            else
            {
                diagnostics.Warn(Keys.IncomingContext, $"'{incoming}' is not Trust, Ignore or Link; using Trust.");
            }
        }

        foreach (var child in configuration.GetSection(Keys.IncomingContextByPath).GetChildren())
        {
            if (child.Value is { } value && TryIncoming(value) is { } policy && child.Key.StartsWith('/'))
            {
                options.IncomingContextByPath[child.Key] = policy;
            }
            else
            {
                diagnostics.Warn($"{Keys.IncomingContextByPath}:{child.Key}", "needs a path starting with '/' and Trust, Ignore or Link; it was ignored.");
            }
        }

        if (Values(configuration, Keys.RedactedAttributes) is { } redacted)
        {
            Replace(options.RedactedAttributes, redacted);
        }

        if (TryBool(configuration, Keys.RedactExceptionMessages, options.RedactExceptionMessages, diagnostics) is { } redactMessages)
        {
            options.RedactExceptionMessages = redactMessages;
        }

        if (Values(configuration, Keys.VisibleQueryParameters) is { } visible)
        {
            Add(options.VisibleQueryParameters, visible);
        }

        if (Values(configuration, Keys.PassThroughHeaders) is { } headers)
        {
            Replace(options.PassThroughHeaders, headers.Select(header => header.ToLowerInvariant()));
        }
    }

    /// <summary>A boolean setting: its value, or null (reported, the current value kept) when it is absent or not true/false.</summary>
    private static bool? TryBool(IConfiguration configuration, string key, bool current, SetupDiagnostics diagnostics)
    {
        if (Value(configuration, key) is not { } text)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        diagnostics.Warn(key, $"'{text}' is not true or false; using {(current ? "true" : "false")}.");
        return null;
    }

    private static void Replace(IList<string> list, IEnumerable<string> values)
    {
        list.Clear();
        Add(list, values);
    }

    private static void Add(IList<string> list, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            list.Add(value);
        }
    }

    private static IncomingTraceContext? TryIncoming(string value) =>
        Enum.TryParse<IncomingTraceContext>(value, ignoreCase: true, out var policy) && Enum.IsDefined(policy) && !int.TryParse(value, out _)
            ? policy
            : null;

    internal static string? Value(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>A list either as a section of children (appsettings.json arrays, <c>__0</c> keys) or as one comma-separated value.</summary>
    private static List<string>? Values(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var children = section.GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList();
        if (children.Count > 0)
        {
            return children;
        }

        return section.Value is { } single && !string.IsNullOrWhiteSpace(single)
            ? [.. single.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]
            : null;
    }

    /// <summary>
    /// An absolute http(s) URL; for gRPC also <c>host:port</c> without a scheme, which means TLS unless
    /// <c>OTEL_EXPORTER_OTLP_INSECURE</c> is true, as the specification says.
    /// </summary>
    private static Uri? TryEndpoint(string value, string key, OtlpExportProtocol protocol, bool insecure, SetupDiagnostics diagnostics)
    {
        if (!value.Contains("://", StringComparison.Ordinal) && protocol == OtlpExportProtocol.Grpc &&
            Uri.TryCreate((insecure ? "http://" : "https://") + value, UriKind.Absolute, out var schemeless) &&
            schemeless.AbsolutePath == "/")
        {
            return schemeless;
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        diagnostics.Warn(key, $"'{value}' is not an absolute http:// or https:// URL; it was ignored.");
        return null;
    }

    private static TimeSpan? TryMilliseconds(string value, SetupDiagnostics diagnostics, string key)
    {
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds > 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        diagnostics.Warn(key, $"'{value}' is not a positive number of milliseconds; using the default.");
        return null;
    }
}
