using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace Tracing.Sdk;

/// <summary>
/// Options for <c>AddK8sTracing</c>. Values start at the defaults documented on each member, are then read from
/// <see cref="Microsoft.Extensions.Configuration.IConfiguration"/> (environment variables and appsettings.json: the
/// specification's <c>OTEL_*</c> keys plus the <c>K8sTracing</c> section), and finally from the <c>configure</c> delegate,
/// which wins. Invalid values set in code fail at startup with every problem listed; invalid values from configuration
/// are reported and replaced by the default.
/// </summary>
public sealed class K8sTracingOptions
{
    private TimeSpan _exportTimeout = TimeSpan.FromSeconds(10);
    private OtlpExportCompression _compression = OtlpExportCompression.None;
    private int _batchMaxQueueSize = 2048;
    private int _batchMaxExportBatchSize = 512;
    private TimeSpan _batchScheduleDelay = TimeSpan.FromSeconds(5);
    private TimeSpan _batchExportTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether tracing is on. <c>OTEL_SDK_DISABLED=true</c> sets it to <see langword="false"/>: no provider, no listeners,
    /// the application runs untraced. Default: <see langword="true"/>.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The <c>service.name</c> resource attribute. From <c>OTEL_SERVICE_NAME</c>, else <c>service.name</c> in
    /// <c>OTEL_RESOURCE_ATTRIBUTES</c>, else the entry assembly's name.
    /// </summary>
    public string? ServiceName { get; set; }

    /// <summary>
    /// The <c>service.version</c> resource attribute. From <c>service.version</c> in <c>OTEL_RESOURCE_ATTRIBUTES</c>,
    /// else the entry assembly's informational version.
    /// </summary>
    public string? ServiceVersion { get; set; }

    /// <summary>
    /// Resource attributes set in code; they win over <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c> and
    /// everything detected. Values are strings, booleans, 64-bit integers or doubles.
    /// </summary>
    public IDictionary<string, object> ResourceAttributes { get; } = new Dictionary<string, object>(StringComparer.Ordinal);

    /// <summary>
    /// Where finished spans go; combine values to send every span to each (<c>TracesExporter.Otlp | TracesExporter.Console</c>).
    /// From <c>OTEL_TRACES_EXPORTER</c>, a comma-separated list of <c>otlp</c>, <c>console</c>, <c>zipkin</c>, or <c>none</c>.
    /// Default: <see cref="TracesExporter.Otlp"/>.
    /// </summary>
    public TracesExporter Exporter { get; set; } = TracesExporter.Otlp;

    /// <summary>
    /// The full OTLP traces endpoint, used as given. From <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c> (as given) or
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (with <c>/v1/traces</c> appended for <c>http/protobuf</c>).
    /// Default: <c>http://localhost:4317</c> for gRPC, <c>http://localhost:4318/v1/traces</c> for HTTP: the sidecar collector.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// The OTLP transport. From <c>OTEL_EXPORTER_OTLP_TRACES_PROTOCOL</c> or <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>
    /// (<c>grpc</c>, <c>http/protobuf</c>). Default: <see cref="OtlpExportProtocol.Grpc"/>.
    /// </summary>
    public OtlpExportProtocol Protocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>
    /// Headers sent with every export request, for example an API key. From <c>OTEL_EXPORTER_OTLP_TRACES_HEADERS</c> or
    /// <c>OTEL_EXPORTER_OTLP_HEADERS</c> (<c>key=value,key2=value2</c>, values percent-decoded). Values are never logged.
    /// </summary>
    public IDictionary<string, string> ExportHeaders { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// How long one export request may take. From <c>OTEL_EXPORTER_OTLP_TRACES_TIMEOUT</c> or
    /// <c>OTEL_EXPORTER_OTLP_TIMEOUT</c> (milliseconds). Default: 10 seconds.
    /// </summary>
    public TimeSpan ExportTimeout
    {
        get => _exportTimeout;
        set => Assign(ref _exportTimeout, value);
    }

    /// <summary>
    /// Export compression. From <c>OTEL_EXPORTER_OTLP_TRACES_COMPRESSION</c> or <c>OTEL_EXPORTER_OTLP_COMPRESSION</c>
    /// (<c>gzip</c>, <c>none</c>). Default: <see cref="OtlpExportCompression.None"/>.
    /// </summary>
    public OtlpExportCompression Compression
    {
        get => _compression;
        set => Assign(ref _compression, value);
    }

    /// <summary>
    /// The most spans held in memory waiting for export; beyond it new spans are dropped and counted.
    /// From <c>OTEL_BSP_MAX_QUEUE_SIZE</c>. Default: 2048.
    /// </summary>
    public int BatchMaxQueueSize
    {
        get => _batchMaxQueueSize;
        set => Assign(ref _batchMaxQueueSize, value);
    }

    /// <summary>The most spans in one export request. From <c>OTEL_BSP_MAX_EXPORT_BATCH_SIZE</c>. Default: 512.</summary>
    public int BatchMaxExportBatchSize
    {
        get => _batchMaxExportBatchSize;
        set => Assign(ref _batchMaxExportBatchSize, value);
    }

    /// <summary>The delay between two exports. From <c>OTEL_BSP_SCHEDULE_DELAY</c> (milliseconds). Default: 5 seconds.</summary>
    public TimeSpan BatchScheduleDelay
    {
        get => _batchScheduleDelay;
        set => Assign(ref _batchScheduleDelay, value);
    }

    /// <summary>How long one batch export may take. From <c>OTEL_BSP_EXPORT_TIMEOUT</c> (milliseconds). Default: 30 seconds.</summary>
    public TimeSpan BatchExportTimeout
    {
        get => _batchExportTimeout;
        set => Assign(ref _batchExportTimeout, value);
    }

    /// <summary>
    /// Where spans wait that the collector could not take (unreachable, unavailable, throttling): they are delivered once
    /// it is back, oldest first, beside the new spans, which never wait behind them. From
    /// <c>OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY</c> (<c>disk</c>, <c>in_memory</c>, <c>disabled</c>).
    /// Default: <see cref="Tracing.Sdk.OutageStorage.Disk"/>.
    /// </summary>
    public OutageStorage OutageStorage { get; set; } = OutageStorage.Disk;

    /// <summary>
    /// The directory under which <see cref="Tracing.Sdk.OutageStorage.Disk"/> keeps spans, in
    /// <c>&lt;directory&gt;/&lt;service.name&gt;/&lt;slot&gt;</c>: the same path on every start of the same container, and a slot
    /// of its own for each process running at once. Put it on an <c>emptyDir</c> so the spans survive a container restart.
    /// From <c>OTEL_DOTNET_EXPERIMENTAL_OTLP_DISK_RETRY_DIRECTORY_PATH</c>; an absolute path.
    /// Default: <see langword="null"/>, <c>tracing-sdk</c> in the temporary directory (<c>/tmp/tracing-sdk</c>).
    /// </summary>
    public string? OutageStorageDirectory { get; set; }

    /// <summary>
    /// The most bytes of spans kept for later delivery (the wire form, about 300 bytes a span); beyond it the oldest are
    /// dropped and counted. From <c>K8sTracing:OutageStorageMaxBytes</c> (bytes, or with a <c>Ki</c>, <c>Mi</c> or
    /// <c>Gi</c> suffix). At least 64 KiB. Default: 64 MiB (about 200 000 spans). Memory storage holds at most 16 MiB of it.
    /// </summary>
    public long OutageStorageMaxBytes { get; set; } = DefaultOutageStorageMaxBytes;

    /// <summary>
    /// How long spans are kept for later delivery; older ones are dropped and counted. From
    /// <c>K8sTracing:OutageStorageMaxAge</c> (a TimeSpan such as <c>01:00:00</c>). Default: 1 hour.
    /// </summary>
    public TimeSpan OutageStorageMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A PEM file of the certificate authorities trusted for the collector's TLS certificate, instead of the system
    /// trust store. From <c>OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE</c> or <c>OTEL_EXPORTER_OTLP_CERTIFICATE</c>.
    /// </summary>
    public string? ExportCertificateFile { get; set; }

    /// <summary>
    /// A PEM file with the client certificate for mutual TLS with the collector, used with <see cref="ExportClientKeyFile"/>.
    /// From <c>OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE</c> or <c>OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE</c>.
    /// </summary>
    public string? ExportClientCertificateFile { get; set; }

    /// <summary>
    /// A PEM file with the private key of <see cref="ExportClientCertificateFile"/>.
    /// From <c>OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY</c> or <c>OTEL_EXPORTER_OTLP_CLIENT_KEY</c>.
    /// </summary>
    public string? ExportClientKeyFile { get; set; }

    /// <summary>
    /// Span attribute keys whose values are replaced with <c>REDACTED</c> before export, matched as case-insensitive
    /// substrings of the key; exception event attributes too. From <c>K8sTracing:RedactedAttributes</c>.
    /// Default: <c>password</c>, <c>passwd</c>, <c>secret</c>, <c>token</c>, <c>api_key</c>, <c>apikey</c>,
    /// <c>authorization</c>, <c>cookie</c>, <c>session</c>.
    /// </summary>
    public IList<string> RedactedAttributes { get; } = new List<string>(DefaultRedactedAttributes);

    /// <summary>
    /// Whether the message of a recorded exception (<c>exception.message</c>) is replaced with <c>REDACTED</c>, for
    /// applications whose exception messages can carry secrets or personal data. From
    /// <c>K8sTracing:RedactExceptionMessages</c>. Default: <see langword="false"/>.
    /// </summary>
    public bool RedactExceptionMessages { get; set; }

    /// <summary>
    /// Query parameter names whose values stay visible in a server span's <c>url.query</c>; every other value is
    /// replaced with <c>REDACTED</c>. Matched ignoring case. From <c>K8sTracing:VisibleQueryParameters</c>. Default: none.
    /// </summary>
    public IList<string> VisibleQueryParameters { get; } = new List<string>();

    /// <summary>
    /// A sampler set in code; it wins over <see cref="SamplingRatePerMillion"/> and <c>OTEL_TRACES_SAMPLER</c>.
    /// Health probes are dropped before it is asked. Default: <see langword="null"/> (parent-based, always on).
    /// </summary>
    public Sampler? Sampler { get; set; }

    /// <summary>
    /// The share of root traces recorded, in millionths, with the semantics of the Kubernetes components' tracing
    /// configuration: the rate applies to root spans, a parent's decision is always respected, 1000000 records everything.
    /// From <c>K8sTracing:SamplingRatePerMillion</c>; when set it replaces <c>OTEL_TRACES_SAMPLER</c>. Range 0 to 1000000.
    /// </summary>
    public int? SamplingRatePerMillion { get; set; }

    /// <summary>
    /// Head-sampling rules for the server spans that start a trace, evaluated in order, first match wins: each records
    /// the matching roots at its own rate with the trace-id ratio test of <c>traceidratio</c>. A request with a parent
    /// follows its parent; a root that matches no rule falls back to <see cref="Sampler"/>, <see cref="SamplingRatePerMillion"/>
    /// or <c>OTEL_TRACES_SAMPLER</c>; health probes are dropped before any rule is asked. From <c>K8sTracing:SamplingRules</c>
    /// (an appsettings.json array of <c>{ "Path", "Method", "RatePerMillion" }</c>, or
    /// <c>K8sTracing__SamplingRules__0__Path</c> and so on); rules added in code come after those. Default: none.
    /// </summary>
    public IList<SamplingRule> SamplingRules { get; } = new List<SamplingRule>();

    /// <summary>
    /// Request paths of health probes: they create no span at all. An entry ending in <c>*</c> matches by prefix,
    /// any other entry exactly (ordinal). From <c>K8sTracing:ProbePaths</c>.
    /// Default: <c>/health/liveness</c>, <c>/health/readiness</c>, <c>/healthz</c>, <c>/livez</c>, <c>/readyz</c>.
    /// </summary>
    public IList<string> ProbePaths { get; } = new List<string>(DefaultProbePaths);

    /// <summary>
    /// Whether requests whose <c>User-Agent</c> starts with <c>kube-probe/</c> are dropped whatever their path.
    /// From <c>K8sTracing:DropKubeProbeUserAgent</c>. Default: <see langword="true"/>.
    /// </summary>
    public bool DropKubeProbeUserAgent { get; set; } = true;

    /// <summary>
    /// More <see cref="System.Diagnostics.ActivitySource"/> names to record, besides the application's own
    /// (named after the application), <c>System.Net.Http</c> and those the Tracing.Sdk packages add.
    /// A trailing <c>*</c> is a wildcard. From <c>K8sTracing:Sources</c>.
    /// </summary>
    public IList<string> Sources { get; } = new List<string>();

    /// <summary>
    /// Context propagation formats, in extraction order: <c>tracecontext</c>, <c>baggage</c>, <c>b3</c> (single header),
    /// <c>b3multi</c> (X-B3-* headers), <c>none</c>. Extraction takes the first valid context in this order (either B3
    /// name reads both B3 encodings); injection writes every listed format. Unknown names from the environment are
    /// reported and skipped. From <c>OTEL_PROPAGATORS</c> (comma-separated).
    /// Default: <c>tracecontext</c>, <c>baggage</c>.
    /// </summary>
    public IList<string> Propagators { get; } = new List<string>(DefaultPropagators);

    /// <summary>
    /// What an incoming request's trace context is worth. From <c>K8sTracing:IncomingContext</c>.
    /// Default: <see cref="IncomingTraceContext.Trust"/>.
    /// </summary>
    public IncomingTraceContext IncomingContext { get; set; } = IncomingTraceContext.Trust;

    /// <summary>
    /// Per-path overrides of <see cref="IncomingContext"/>: the longest matching path prefix wins. A prefix matches at a
    /// segment boundary (<c>/public</c> matches <c>/public</c> and <c>/public/x</c>, not <c>/publications</c>) and ignores
    /// case, as routing does. From <c>K8sTracing:IncomingContextByPath</c> (for example
    /// <c>K8sTracing__IncomingContextByPath__/public=Ignore</c>).
    /// </summary>
    public IDictionary<string, IncomingTraceContext> IncomingContextByPath { get; } =
        new Dictionary<string, IncomingTraceContext>(StringComparer.Ordinal);

    /// <summary>
    /// Request headers carried unchanged from the incoming request to every outgoing <see cref="HttpClient"/> call made
    /// while handling it, and recorded on the server span, as service meshes require. From <c>K8sTracing:PassThroughHeaders</c>.
    /// Default: <c>x-request-id</c> (Envoy, Istio, OSM).
    /// </summary>
    public IList<string> PassThroughHeaders { get; } = new List<string>(DefaultPassThroughHeaders);

    /// <summary>
    /// How long flushing and shutting down the provider may take when the host stops (SIGTERM from Kubernetes).
    /// From <c>K8sTracing:ShutdownTimeout</c> (a TimeSpan such as <c>00:00:10</c>). Default: 10 seconds, which fits
    /// with request draining inside Kubernetes' default 30-second termination grace period.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    internal const long DefaultOutageStorageMaxBytes = 64L * 1024 * 1024;

    internal const long MinOutageStorageMaxBytes = 64L * 1024;

    internal static readonly string[] DefaultProbePaths =
    [
        "/health/liveness",
        "/health/readiness",
        "/healthz",
        "/livez",
        "/readyz",
    ];

    internal static readonly string[] DefaultRedactedAttributes =
    [
        "password",
        "passwd",
        "secret",
        "token",
        "api_key",
        "apikey",
        "authorization",
        "cookie",
        "session",
    ];

    internal static readonly string[] DefaultPropagators = ["tracecontext", "baggage"];

    internal static readonly string[] DefaultPassThroughHeaders = ["x-request-id"];

    internal List<Action<TracerProviderBuilder>> TracerProviderConfigurations { get; } = [];

    /// <summary>
    /// The names of the exporter settings the OpenTelemetry SDK also reads from configuration that were assigned here
    /// (in code, or by Tracing.Sdk for a key the SDK does not read): these win over what the SDK read.
    /// </summary>
    internal HashSet<string> Assigned { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Adds a step that runs on the OpenTelemetry <see cref="TracerProviderBuilder"/> after Tracing.Sdk has configured
    /// it: the way to add instrumentation or processors this package does not know about.
    /// </summary>
    /// <param name="configure">The step.</param>
    /// <returns>These options, for chaining.</returns>
    public K8sTracingOptions ConfigureTracerProvider(Action<TracerProviderBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        TracerProviderConfigurations.Add(configure);
        return this;
    }

    private void Assign<T>(ref T field, T value, [System.Runtime.CompilerServices.CallerMemberName] string name = "")
    {
        field = value;
        Assigned.Add(name);
    }
}
