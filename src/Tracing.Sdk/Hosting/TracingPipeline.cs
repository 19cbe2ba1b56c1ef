using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Instrumentation.Http;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Tracing.Sdk.Configuration;
using Tracing.Sdk.Diagnostics;
using Tracing.Sdk.Exporting;
using Tracing.Sdk.Instrumentation;
using Tracing.Sdk.Outage;
using Tracing.Sdk.Propagation;
using Tracing.Sdk.Redaction;
using Tracing.Sdk.Sampling;

namespace Tracing.Sdk.Hosting;

/// <summary>
/// What Tracing.Sdk puts into OpenTelemetry's one <see cref="TracerProvider"/>, worked out once from the resolved
/// settings when that provider is built: the resource, the sampler, the sources, the processors, the exporter's client,
/// the companions that live and die with the provider, and the startup report that describes it all. A DI singleton:
/// created while the provider is built, so the container disposes it after the provider.
/// </summary>
internal sealed class TracingPipeline : IDisposable
{
    /// <summary>The name of Tracing.Sdk's own exporters' options, apart from any exporter the application adds itself.</summary>
    public const string ExporterName = "Tracing.Sdk";

    private readonly K8sTracingState _state;
    private readonly List<IDisposable> _companions = [];
    private readonly ExportHttpClientFactory? _clients;
    private readonly Uri _endpoint;
    private readonly BatchExportActivityProcessorOptions _batch;
    private readonly ExportHealthReporter? _health;
    private readonly SpanStore? _storage;
    private readonly StoredSpanDelivery? _delivery;

    public TracingPipeline(
        K8sTracingState state,
        ServiceResource resource,
        IServiceProvider services,
        ILoggerFactory? loggerFactory = null)
    {
        _state = state;
        var options = state.Options;
        var configured = state.Configured;
        var diagnostics = state.Diagnostics;

        ResourceAttributes = resource.Attributes;

        var (sampler, samplerOrigin) = ResolveSampler(options, configured);
        var rules = SamplingRuleSet.Compile(options.SamplingRules);
        ProbeFilter = new ProbeFilteringSampler(RouteSampler.Over(sampler, rules), new NamePatternSet(options.ProbePaths), options.DropKubeProbeUserAgent);
        Sampler = new PropagationSampler(ProbeFilter);
        Sources = [.. state.Sources.Append(state.ApplicationName).Concat(options.Sources).Distinct(StringComparer.Ordinal)];

        _batch = services.GetRequiredService<IOptionsMonitor<BatchExportActivityProcessorOptions>>().Get(ExporterName);

        // The exporter's figures as the SDK resolved them, from configuration and then from OtlpExporterSettings. Its
        // HttpClientFactory asks this pipeline for a client only when the exporter is built, so there is no cycle.
        var otlp = options.Exporter.HasFlag(TracesExporter.Otlp)
            ? services.GetRequiredService<IOptionsMonitor<OtlpExporterOptions>>().Get(ExporterName)
            : null;
        _endpoint = otlp is null ? OtlpEndpointResolver.DefaultEndpoint(options.Protocol) : OtlpExporterSettings.ExportEndpoint(otlp, state);
        if (otlp is not null)
        {
            OtlpEndpointResolver.Check(_endpoint, otlp.Protocol, diagnostics);
            _clients = new ExportHttpClientFactory(options, TimeSpan.FromMilliseconds(otlp.TimeoutMilliseconds), diagnostics);
            _health = new ExportHealthReporter(loggerFactory?.CreateLogger(TracingLog.Category) ?? NullLogger.Instance, _endpoint);
            _clients.BeforeFirstRequest = _health.Listen;
            var serviceName = resource.Attributes.TryGetValue("service.name", out var name) ? Convert.ToString(name, System.Globalization.CultureInfo.InvariantCulture) : null;
            _storage = OutageStorageLocation.Open(options, serviceName ?? state.ApplicationName, _health, diagnostics);
            if (_storage is not null)
            {
                _health.AttachStorage(_storage);
                var grpc = otlp.Protocol == OtlpExportProtocol.Grpc;
                _delivery = new StoredSpanDelivery(_storage, _clients.Create(), ExportUri(_endpoint, grpc), grpc);
                _delivery.Start();
            }
        }

        SensitiveKeys = new SensitiveKeyMatcher(options.RedactedAttributes);
        if (!SensitiveKeys.IsEmpty || options.RedactExceptionMessages)
        {
            // Every source: the provider also records what the application and its libraries add through OpenTelemetry.
            _companions.Add(new ExceptionEventRedactor(static _ => true, SensitiveKeys, options.RedactExceptionMessages));
        }

        rules.Report(state.ReportEntries);
        HookOptions.Capture<HttpClientTraceInstrumentationOptions>(services);
        var clientHooks = services.GetRequiredService<ClientSpanHooks>();
        if (!clientHooks.IsEmpty)
        {
            _companions.Add(new ClientSpanHookListener(clientHooks, services.GetRequiredService<HookFailures>()));
        }

        Report = new StartupReport(
            options.Exporter,
            _endpoint,
            configured.OriginOf("endpoint", options.Endpoint),
            otlp?.Protocol ?? options.Protocol,
            otlp?.Compression ?? options.Compression,
            otlp?.TimeoutMilliseconds ?? OtlpExporterSettings.Milliseconds(options.ExportTimeout),
            [.. options.ExportHeaders.Keys],
            sampler.Description,
            samplerOrigin,
            ResourceAttributes,
            [.. options.ProbePaths],
            options.DropKubeProbeUserAgent,
            _clients is null ? "none" : Tls(_endpoint, _clients),
            Sources,
            options.Exporter.HasFlag(TracesExporter.Zipkin) ? ZipkinExport.Endpoint(services) : null,
            ReportEntries(state, _storage, options),
            diagnostics.Warnings);
    }

    /// <summary>The service's resource, for every signal the application sets up.</summary>
    public IReadOnlyDictionary<string, object> ResourceAttributes { get; }

    public Sampler Sampler { get; }

    /// <summary>The probe check of <see cref="Sampler"/>, for a request that reached it without its path.</summary>
    public ProbeFilteringSampler ProbeFilter { get; }

    public string[] Sources { get; }

    public SensitiveKeyMatcher SensitiveKeys { get; }

    public StartupReport Report { get; }

    /// <summary>Where spans wait through an outage; null when <see cref="K8sTracingOptions.OutageStorage"/> is none.</summary>
    internal SpanStore? Storage => _storage;

    internal ExportHealthReporter? Health => _health;

    /// <summary>
    /// Configures the provider while it is built; runs before anything the application or a library configures, so the
    /// redaction processor sees every span before any exporter does, and what the application sets (a sampler, resource
    /// attributes) wins over ours.
    /// </summary>
    public void Configure(TracerProviderBuilder builder)
    {
        builder
            .ConfigureResource(resource => resource.AddAttributes(ResourceAttributes))
            .SetSampler(Sampler)
            .AddSource(Sources);

        foreach (var step in _state.ProviderSteps)
        {
            step(builder);
        }

        if (!SensitiveKeys.IsEmpty)
        {
            builder.AddProcessor(new SensitiveAttributeProcessor(SensitiveKeys));
        }
    }

    /// <summary>
    /// The client the OTLP exporter sends with (headers, TLS, timeout), behind the outage storage when there is one;
    /// the exporter's <see cref="OtlpExporterOptions.HttpClientFactory"/>.
    /// </summary>
    public HttpClient CreateExportClient()
    {
        var clients = _clients ?? throw new InvalidOperationException("The OTLP exporter is not one of Tracing.Sdk's exporters.");
        return _storage is { } storage && _health is { } health && _delivery is { } delivery
            ? clients.Create(inner => new OutageExportHandler(inner, storage, health, delivery.OnCollectorReachable))
            : clients.Create();
    }

    /// <summary>Our console span tree, behind the same batching as the OTLP exporter.</summary>
    public BaseProcessor<Activity> CreateConsoleProcessor(TextWriter? output = null)
    {
        return new BatchActivityExportProcessor(
            new ConsoleSpanTreeExporter(output ?? Console.Out),
            _batch.MaxQueueSize,
            _batch.ScheduledDelayMilliseconds,
            _batch.ExporterTimeoutMilliseconds,
            _batch.MaxExportBatchSize);
    }

    public void Dispose()
    {
        // After the provider (the container disposes it first): its shutdown stored what the collector did not take,
        // and still reports dropped spans through these.
        _delivery?.Dispose();
        _health?.ReportLeftInStorage();
        _storage?.Dispose();
        _health?.Dispose();
        foreach (var companion in _companions)
        {
            companion.Dispose();
        }
    }

    /// <summary>Where the exporter sends: for gRPC the TraceService/Export method under the endpoint, as the SDK appends it.</summary>
    internal static Uri ExportUri(Uri endpoint, bool grpc)
    {
        const string GrpcPath = "opentelemetry.proto.collector.trace.v1.TraceService/Export";
        if (!grpc || endpoint.AbsolutePath.EndsWith(GrpcPath, StringComparison.Ordinal))
        {
            return endpoint;
        }

        var builder = new UriBuilder(endpoint);
        builder.Path = builder.Path.TrimEnd('/') + "/" + GrpcPath;
        return builder.Uri;
    }

    private static Dictionary<string, string> ReportEntries(K8sTracingState state, SpanStore? storage, K8sTracingOptions options)
    {
        var entries = new Dictionary<string, string>(state.ReportEntries, StringComparer.Ordinal);
        if (options.Exporter == TracesExporter.Otlp)
        {
            entries["storage"] = storage is null
                ? "none"
                : storage.Description + (storage.Spans > 0 ? $" waiting={storage.Spans}" : string.Empty);
        }

        return entries;
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

    private static string Tls(Uri endpoint, ExportHttpClientFactory clients) => endpoint.Scheme != Uri.UriSchemeHttps
        ? "off"
        : (clients.UsesCustomTrust ? "custom-ca" : "system-ca") + (clients.UsesClientCertificate ? "+client-cert" : string.Empty);
}
