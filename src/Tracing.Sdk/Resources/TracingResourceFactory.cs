using System.Reflection;
using OpenTelemetry.Resources;
using Tracing.Sdk.Configuration;

namespace Tracing.Sdk.Resources;

/// <summary>
/// Puts the service's resource attributes together, lowest precedence first: detected (host, Kubernetes, container,
/// the entry assembly, the SDK), then <c>OTEL_RESOURCE_ATTRIBUTES</c>, then <c>OTEL_SERVICE_NAME</c>, then code.
/// </summary>
internal static class TracingResourceFactory
{
    public static Dictionary<string, object> Create(
        K8sTracingOptions options,
        ConfiguredValues configured,
        KubernetesEnvironment kubernetes,
        Assembly? entryAssembly)
    {
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);

        var entryName = entryAssembly?.GetName().Name;
        attributes["service.name"] = string.IsNullOrEmpty(entryName) ? "unknown_service:dotnet" : entryName;
        if (entryAssembly?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion is { Length: > 0 } version)
        {
            attributes["service.version"] = version;
        }
        else if (entryAssembly?.GetName().Version is { } assemblyVersion)
        {
            attributes["service.version"] = assemblyVersion.ToString();
        }

        attributes["service.instance.id"] = kubernetes.ServiceInstanceId ?? Guid.NewGuid().ToString();
        attributes["host.name"] = Environment.MachineName;
        Add(attributes, "k8s.pod.name", kubernetes.PodName);
        Add(attributes, "k8s.pod.uid", kubernetes.PodUid);
        Add(attributes, "k8s.namespace.name", kubernetes.NamespaceName);
        Add(attributes, "k8s.node.name", kubernetes.NodeName);
        Add(attributes, "k8s.container.name", kubernetes.ContainerName);
        Add(attributes, "k8s.cluster.name", kubernetes.ClusterName);
        Add(attributes, "container.id", kubernetes.ContainerId);

        foreach (var sdkAttribute in ResourceBuilder.CreateEmpty().AddTelemetrySdk().Build().Attributes)
        {
            attributes[sdkAttribute.Key] = sdkAttribute.Value;
        }

        attributes["telemetry.distro.name"] = "Tracing.Sdk";
        attributes["telemetry.distro.version"] = DistroVersion;

        foreach (var attribute in configured.ResourceAttributes)
        {
            attributes[attribute.Key] = attribute.Value;
        }

        if (!string.IsNullOrWhiteSpace(options.ServiceName))
        {
            attributes["service.name"] = options.ServiceName;
        }

        if (!string.IsNullOrWhiteSpace(options.ServiceVersion))
        {
            attributes["service.version"] = options.ServiceVersion;
        }

        foreach (var attribute in options.ResourceAttributes)
        {
            attributes[attribute.Key] = attribute.Value;
        }

        return attributes;
    }

    internal static string DistroVersion { get; } =
        typeof(TracingResourceFactory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0]
        ?? "0.0.0";

    private static void Add(Dictionary<string, object> attributes, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            attributes[key] = value;
        }
    }
}
