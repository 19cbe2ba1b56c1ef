using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Tracing.Sdk.Configuration;
using Tracing.Sdk.Exporting;
using Tracing.Sdk.Resources;
using Tracing.Sdk.Sampling;

namespace Tracing.Sdk.Hosting;

/// <summary>
/// Builds the one <see cref="TracerProvider"/> from the resolved settings, and the startup report that describes it.
/// </summary>
internal static class TracerProviderFactory
{
    public static (TracerProvider Provider, StartupReport Report) Create(
        K8sTracingState state,
        IConfiguration configuration,
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
        var probeFilter = new ProbeFilteringSampler(sampler, new ProbePathMatcher(options.ProbePaths), options.DropKubeProbeUserAgent);

        var sources = new List<string>(state.Sources) { state.ApplicationName };
        sources.AddRange(options.Sources);

        var endpoint = OtlpEndpointResolver.Resolve(options, configured);
        if (options.Exporter == TracesExporter.Otlp)
        {
            OtlpEndpointResolver.Check(endpoint, options.Protocol, diagnostics);
        }

        var builder = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .ConfigureServices(services => services.AddSingleton(configuration))
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddAttributes(resource))
            .SetSampler(new Propagation.PropagationSampler(probeFilter))
            .AddSource([.. sources.Distinct(StringComparer.Ordinal)]);

        switch (options.Exporter)
        {
            case TracesExporter.Otlp:
                builder.AddOtlpExporter(otlp => ConfigureOtlp(otlp, options, endpoint));
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
            [.. sources.Distinct(StringComparer.Ordinal)],
            new Dictionary<string, string>(state.ReportEntries, StringComparer.Ordinal),
            diagnostics.Warnings);

        return (builder.Build(), report);
    }

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

    private static void ConfigureOtlp(OtlpExporterOptions otlp, K8sTracingOptions options, Uri endpoint)
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

        var headers = options.ExportHeaders.ToArray();
        var timeout = options.ExportTimeout;
        otlp.HttpClientFactory = () => CreateExportClient(headers, timeout);
    }

    /// <summary>
    /// Export headers go on the client rather than through <see cref="OtlpExporterOptions.Headers"/>, whose
    /// comma-separated string cannot carry every value the specification's percent-encoding allows.
    /// </summary>
    private static HttpClient CreateExportClient(KeyValuePair<string, string>[] headers, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = timeout,
        };
        var client = new HttpClient(handler, disposeHandler: true) { Timeout = timeout };
        foreach (var header in headers)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(header.Key, header.Value);
        }

        return client;
    }

    private static int Milliseconds(TimeSpan value) => (int)Math.Clamp(value.TotalMilliseconds, 0, int.MaxValue);
}
