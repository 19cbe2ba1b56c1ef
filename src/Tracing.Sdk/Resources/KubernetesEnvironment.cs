using Keys = Tracing.Sdk.Configuration.OtelEnvironmentVariables;

namespace Tracing.Sdk.Resources;

/// <summary>
/// The pod's identity as the downward API, the OpenTelemetry Operator and the kubelet give it to the container,
/// read without any call to the Kubernetes API.
/// </summary>
internal sealed record KubernetesEnvironment(
    string? PodName,
    string? PodUid,
    string? NamespaceName,
    string? NodeName,
    string? ContainerName,
    string? ClusterName,
    string? ContainerId)
{
    public const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
    public const string CgroupFile = "/proc/self/cgroup";
    public const string MountInfoFile = "/proc/self/mountinfo";

    /// <param name="getVariable">Reads a variable (the app's configuration, which includes the environment).</param>
    /// <param name="readFile">Reads a file's text, or returns null when it is absent or unreadable.</param>
    public static KubernetesEnvironment Detect(Func<string, string?> getVariable, Func<string, string?> readFile)
    {
        string? Get(params string[] keys)
        {
            foreach (var key in keys)
            {
                var value = getVariable(key);
                if (!string.IsNullOrWhiteSpace(value))
                {
                    return value.Trim();
                }
            }

            return null;
        }

        var inKubernetes = Get(Keys.KubernetesServiceHost) is not null;
        var podName = Get(Keys.K8sPodName, Keys.OperatorPodName) ?? (inKubernetes ? Get(Keys.HostName) : null);
        var namespaceFromFile = readFile(ServiceAccountNamespaceFile)?.Trim();
        var namespaceName = Get(Keys.K8sNamespaceName) ?? (string.IsNullOrEmpty(namespaceFromFile) ? null : namespaceFromFile);
        var containerId = ContainerIdParser.FromCgroupV1(readFile(CgroupFile)) ?? ContainerIdParser.FromMountInfo(readFile(MountInfoFile));

        return new KubernetesEnvironment(
            podName,
            Get(Keys.K8sPodUid, Keys.OperatorPodUid),
            namespaceName,
            Get(Keys.K8sNodeName, Keys.OperatorNodeName),
            Get(Keys.K8sContainerName),
            Get(Keys.K8sClusterName),
            containerId);
    }

    public static string? ReadFileOrNull(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary><c>&lt;namespace&gt;.&lt;pod&gt;.&lt;container&gt;</c> from the parts that are known, when the pod is.</summary>
    public string? ServiceInstanceId => PodName is null
        ? null
        : string.Join('.', new[] { NamespaceName, PodName, ContainerName }.Where(p => p is not null));
}
