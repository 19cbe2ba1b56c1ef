namespace Tracing.Sdk.Configuration;

/// <summary>
/// The configuration keys Tracing.Sdk reads: the specification's names, and ours under <see cref="Section"/>.
/// </summary>
internal static class OtelEnvironmentVariables
{
    public const string SdkDisabled = "OTEL_SDK_DISABLED";
    public const string ServiceName = "OTEL_SERVICE_NAME";
    public const string ResourceAttributes = "OTEL_RESOURCE_ATTRIBUTES";
    public const string TracesExporter = "OTEL_TRACES_EXPORTER";
    public const string TracesSampler = "OTEL_TRACES_SAMPLER";
    public const string TracesSamplerArg = "OTEL_TRACES_SAMPLER_ARG";
    public const string Propagators = "OTEL_PROPAGATORS";

    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string OtlpTracesEndpoint = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    public const string OtlpProtocol = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string OtlpTracesProtocol = "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL";
    public const string OtlpHeaders = "OTEL_EXPORTER_OTLP_HEADERS";
    public const string OtlpTracesHeaders = "OTEL_EXPORTER_OTLP_TRACES_HEADERS";
    public const string OtlpTimeout = "OTEL_EXPORTER_OTLP_TIMEOUT";
    public const string OtlpTracesTimeout = "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT";
    public const string OtlpCompression = "OTEL_EXPORTER_OTLP_COMPRESSION";
    public const string OtlpTracesCompression = "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION";

    public const string OtlpCertificate = "OTEL_EXPORTER_OTLP_CERTIFICATE";
    public const string OtlpTracesCertificate = "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE";
    public const string OtlpClientCertificate = "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE";
    public const string OtlpTracesClientCertificate = "OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE";
    public const string OtlpClientKey = "OTEL_EXPORTER_OTLP_CLIENT_KEY";
    public const string OtlpTracesClientKey = "OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY";
    public const string OtlpInsecure = "OTEL_EXPORTER_OTLP_INSECURE";
    public const string OtlpTracesInsecure = "OTEL_EXPORTER_OTLP_TRACES_INSECURE";

    /// <summary>
    /// The OTLP exporter's retry of transient failures; Tracing.Sdk reads it as <see cref="OutageStorage"/> and gives the
    /// SDK a value that never turns on its own disk retry beside ours.
    /// </summary>
    public const string OtlpRetry = "OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY";
    public const string OtlpDiskRetryDirectory = "OTEL_DOTNET_EXPERIMENTAL_OTLP_DISK_RETRY_DIRECTORY_PATH";

    public const string BspScheduleDelay = "OTEL_BSP_SCHEDULE_DELAY";
    public const string BspExportTimeout = "OTEL_BSP_EXPORT_TIMEOUT";
    public const string BspMaxQueueSize = "OTEL_BSP_MAX_QUEUE_SIZE";
    public const string BspMaxExportBatchSize = "OTEL_BSP_MAX_EXPORT_BATCH_SIZE";

    public const string K8sPodName = "K8S_POD_NAME";
    public const string K8sPodUid = "K8S_POD_UID";
    public const string K8sNamespaceName = "K8S_NAMESPACE_NAME";
    public const string K8sNodeName = "K8S_NODE_NAME";
    public const string K8sContainerName = "K8S_CONTAINER_NAME";
    public const string K8sClusterName = "K8S_CLUSTER_NAME";
    public const string OperatorPodName = "OTEL_RESOURCE_ATTRIBUTES_POD_NAME";
    public const string OperatorPodUid = "OTEL_RESOURCE_ATTRIBUTES_POD_UID";
    public const string OperatorNodeName = "OTEL_RESOURCE_ATTRIBUTES_NODE_NAME";
    public const string HostName = "HOSTNAME";
    public const string KubernetesServiceHost = "KUBERNETES_SERVICE_HOST";

    /// <summary>The configuration section for what the specification does not name.</summary>
    public const string Section = "K8sTracing";
    public const string SamplingRatePerMillion = "K8sTracing:SamplingRatePerMillion";
    public const string SamplingRules = "K8sTracing:SamplingRules";
    public const string ProbePaths = "K8sTracing:ProbePaths";
    public const string DropKubeProbeUserAgent = "K8sTracing:DropKubeProbeUserAgent";
    public const string Sources = "K8sTracing:Sources";
    public const string ShutdownTimeout = "K8sTracing:ShutdownTimeout";
    public const string IncomingContext = "K8sTracing:IncomingContext";
    public const string IncomingContextByPath = "K8sTracing:IncomingContextByPath";
    public const string PassThroughHeaders = "K8sTracing:PassThroughHeaders";
    public const string RedactedAttributes = "K8sTracing:RedactedAttributes";
    public const string RedactExceptionMessages = "K8sTracing:RedactExceptionMessages";
    public const string VisibleQueryParameters = "K8sTracing:VisibleQueryParameters";
    public const string OutageStorageMaxBytes = "K8sTracing:OutageStorageMaxBytes";
    public const string OutageStorageMaxAge = "K8sTracing:OutageStorageMaxAge";
}
