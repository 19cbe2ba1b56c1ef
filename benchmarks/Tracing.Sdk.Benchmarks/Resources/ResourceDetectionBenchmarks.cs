using BenchmarkDotNet.Attributes;
using OpenTelemetry.Resources;
using Tracing.Sdk.Configuration;
using Tracing.Sdk.Resources;

namespace Tracing.Sdk.Benchmarks.Resources;

/// <summary>
/// Resource detection, once per process at startup: OpenTelemetry's default resource (baseline) against ours, in a pod
/// (downward-API variables, service-account namespace, a cgroup v1 container id) and outside Kubernetes (real files).
/// </summary>
[MemoryDiagnoser]
public class ResourceDetectionBenchmarks
{
    private const string ContainerId = "2d2b8f0c5e1a4b3c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c";

    private static readonly Dictionary<string, string> PodVariables = new(StringComparer.Ordinal)
    {
        [OtelEnvironmentVariables.KubernetesServiceHost] = "10.96.0.1",
        [OtelEnvironmentVariables.K8sPodName] = "task-service-7d9f8b6c5-x2x4z",
        [OtelEnvironmentVariables.K8sPodUid] = "6f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b",
        [OtelEnvironmentVariables.K8sNodeName] = "kind-worker",
        [OtelEnvironmentVariables.K8sContainerName] = "task-service",
    };

    private static readonly Dictionary<string, string> PodFiles = new(StringComparer.Ordinal)
    {
        [KubernetesEnvironment.ServiceAccountNamespaceFile] = "shop\n",
        [KubernetesEnvironment.CgroupFile] = "0::/\n12:memory:/kubepods/burstable/pod6f1c2d3e/" + ContainerId + "\n",
    };

    private readonly K8sTracingOptions _options = new();
    private readonly ConfiguredValues _configured = new();

    [Benchmark(Baseline = true)]
    public Resource PlainDefaultResource() => ResourceBuilder.CreateDefault().Build();

    [Benchmark]
    public Dictionary<string, object> OursInPod() => TracingResourceFactory.Create(
        _options,
        _configured,
        KubernetesEnvironment.Detect(key => PodVariables.GetValueOrDefault(key), path => PodFiles.GetValueOrDefault(path)),
        typeof(ResourceDetectionBenchmarks).Assembly);

    [Benchmark]
    public Dictionary<string, object> OursOutsideKubernetes() => TracingResourceFactory.Create(
        _options,
        _configured,
        KubernetesEnvironment.Detect(Environment.GetEnvironmentVariable, KubernetesEnvironment.ReadFileOrNull),
        typeof(ResourceDetectionBenchmarks).Assembly);
}
