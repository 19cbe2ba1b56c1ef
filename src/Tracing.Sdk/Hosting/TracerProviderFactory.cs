using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Tracing.Sdk.Configuration;
using Microsoft.Extensions.Logging;
using Tracing.Sdk.Diagnostics;
using Tracing.Sdk.Exporting;
using Tracing.Sdk.Redaction;
using Tracing.Sdk.Resources;
using Tracing.Sdk.Sampling;

namespace Tracing.Sdk.Hosting;

/// <summary>
/// Builds the one <see cref="TracerProvider"/> from the resolved settings, and the startup report that describes it.
/// </summary>
internal static class TracerProviderFactory
{
    public static BuiltTracing Create(
        K8sTracingState state,
        IConfiguration configuration,
        ILoggerFactory? loggerFactory = null,
        Func<string, string?>? readFile = null,
        Assembly? entryAssembly = null,
        TextWriter? consoleOutput = null)
    {
        var options = state.Options;
        var configured = state.Configured;
        var diagnostics = state.Diagnostics;

        var kubernetes = KubernetesEnvironment.Detect(key => configuration[key], readFile ?? KubernetesEnvironment.ReadFileOrNull);
        var resource = TracingResourceFactory.Create(options, configured, kubernetes, entryAssembly ?? Assembly.GetEntryAssembly());

        var (sampler, samplerOrigin) = ResolveSampler(options, configured);
        var rules = SamplingRuleSet.Compile(options.SamplingRules);
        var probeFilter = new ProbeFilteringSampler(RouteSampler.Over(sampler, rules), new NamePatternSet(options.ProbePaths), options.DropKubeProbeUserAgent);

        string[] sources = [.. state.Sources.Append(state.ApplicationName).Concat(options.Sources).Distinct(StringComparer.Ordinal)];

        var endpoint = OtlpEndpointResolver.Resolve(options, configured);
        if (options.Exporter == TracesExporter.Otlp)
        {
            OtlpEndpointResolver.Check(endpoint, options.Protocol, diagnostics);
        }

        var sdkConfiguration = WithExporterDefaults(configuration, diagnostics);
        var builder = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .ConfigureServices(services => services.AddSingleton(sdkConfiguration))
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddAttributes(resource))
            .SetSampler(new Propagation.PropagationSampler(probeFilter))
            .AddSource(sources);

        var companions = new List<IDisposable>();
        var sensitiveKeys = new SensitiveKeyMatcher(options.RedactedAttributes);
        if (!sensitiveKeys.IsEmpty)
        {
            builder.AddProcessor(new SensitiveAttributeProcessor(sensitiveKeys));
        }

        if (!sensitiveKeys.IsEmpty || options.RedactExceptionMessages)
        {
            var sourceMatcher = new NamePatternSet(sources);
            companions.Add(new ExceptionEventRedactor(s => sourceMatcher.IsMatch(s.Name), sensitiveKeys, options.RedactExceptionMessages));
        }

        ExportHttpClientFactory? clients = null;
        switch (options.Exporter)
        {
            case TracesExporter.Otlp:
                clients = new ExportHttpClientFactory(options, diagnostics);
                var exportClients = clients;
                builder.AddOtlpExporter(otlp => ConfigureOtlp(otlp, options, endpoint, exportClients));
                if (loggerFactory is not null)
                {
                    companions.Add(new ExportHealthReporter(loggerFactory.CreateLogger(TracingLog.Category), endpoint));
                }

                break;
            case TracesExporter.Console:
                builder.AddProcessor(new BatchActivityExportProcessor(
                    new ConsoleSpanTreeExporter(consoleOutput ?? Console.Out),
                    options.BatchMaxQueueSize,
                    Milliseconds(options.BatchScheduleDelay),
                    Milliseconds(options.BatchExportTimeout),
                    options.BatchMaxExportBatchSize));
                break;
            case TracesExporter.None:
            default:
                break;
        }

        foreach (var step in state.ProviderSteps)
        {
            step(builder);
        }

        foreach (var step in options.TracerProviderConfigurations)
        {
            step(builder);
        }

        rules.Report(state.ReportEntries);
        var report = new StartupReport(
            options.Exporter,
            endpoint,
            configured.OriginOf("endpoint", options.Endpoint),
            options.Protocol,
            options.Compression,
            [.. options.ExportHeaders.Keys],
            sampler.Description,
            samplerOrigin,
            resource,
            [.. options.ProbePaths],
            options.DropKubeProbeUserAgent,
            clients is null ? "none" : Tls(endpoint, clients),
            sources,
            new Dictionary<string, string>(state.ReportEntries, StringComparer.Ordinal),
            diagnostics.Warnings);

        return new BuiltTracing(builder.Build(), report, companions);
    }

    /// <summary>
    /// The configuration the OpenTelemetry SDK reads for what it owns (span limits, exporter retry), with the retry of
    /// transient export failures — exponential backoff with jitter, honouring Retry-After — on unless the application
    /// turns it off. The SDK throws on a retry value it does not know, so the value is checked here first: a typo in an
    /// environment variable must not stop the service from starting.
    /// </summary>
    internal static IConfiguration WithExporterDefaults(IConfiguration configuration, SetupDiagnostics diagnostics)
    {
        const string Key = OtelEnvironmentVariables.OtlpRetry;
        var configured = configuration[Key]?.Trim();
        string retry;
        switch (configured?.ToLowerInvariant())
        {
            case null or "" or "in_memory":
                retry = "in_memory";
                break;
            case "disabled" or "none" or "off" or "false":
                retry = string.Empty;
                break;
            case "disk" when !string.IsNullOrWhiteSpace(configuration[OtelEnvironmentVariables.OtlpDiskRetryDirectory]):
                retry = "disk";
                break;
            case "disk":
                diagnostics.Warn(Key, $"'disk' needs {OtelEnvironmentVariables.OtlpDiskRetryDirectory}; using in_memory.");
                retry = "in_memory";
                break;
            default:
                diagnostics.Warn(Key, $"'{configured}' is not in_memory, disk or disabled; using in_memory.");
                retry = "in_memory";
                break;
        }

        return new ConfigurationBuilder()
            .AddConfiguration(configuration, shouldDisposeConfiguration: false)
            .AddInMemoryCollection([new(Key, retry)])
            .Build();
    }

    private static string Tls(Uri endpoint, ExportHttpClientFactory clients) => endpoint.Scheme != Uri.UriSchemeHttps
        ? "off"
        : (clients.UsesCustomTrust ? "custom-ca" : "system-ca") + (clients.UsesClientCertificate ? "+client-cert" : string.Empty);

    internal static (Sampler Sampler, string Origin) ResolveSampler(K8sTracingOptions options, ConfiguredValues configured)
    {
        if (options.Sampler is { } codeSampler)
        {
            return (codeSampler, "code");
        }

        if (options.SamplingRatePerMillion is { } rate)
        {
            return (SamplerParser.FromRatePerMillion(rate), configured.OriginOf("samplingRatePerMillion", rate) == "code"
                ? "code"
                : OtelEnvironmentVariables.SamplingRatePerMillion);
        }

        return configured.Sampler is { } configuredSampler
            ? (configuredSampler, OtelEnvironmentVariables.TracesSampler)
            : (SamplerParser.Default, "default");
    }

    private static void ConfigureOtlp(OtlpExporterOptions otlp, K8sTracingOptions options, Uri endpoint, ExportHttpClientFactory clients)
    {
        otlp.Endpoint = endpoint;
        otlp.Protocol = options.Protocol;
        otlp.Compression = options.Compression;
        otlp.TimeoutMilliseconds = Milliseconds(options.ExportTimeout);
        otlp.Headers = null;
        otlp.ExportProcessorType = ExportProcessorType.Batch;
        otlp.BatchExportProcessorOptions = new BatchExportActivityProcessorOptions
        {
            MaxQueueSize = options.BatchMaxQueueSize,
            MaxExportBatchSize = options.BatchMaxExportBatchSize,
            ScheduledDelayMilliseconds = Milliseconds(options.BatchScheduleDelay),
            ExporterTimeoutMilliseconds = Milliseconds(options.BatchExportTimeout),
        };

        otlp.HttpClientFactory = clients.Create;
    }

    private static int Milliseconds(TimeSpan value) => (int)Math.Clamp(value.TotalMilliseconds, 0, int.MaxValue);
}
