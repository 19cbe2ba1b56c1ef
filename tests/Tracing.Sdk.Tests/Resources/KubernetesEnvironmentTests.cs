using Tracing.Sdk.Resources;

namespace Tracing.Sdk.Tests.Resources;

public class KubernetesEnvironmentTests
{
    private static KubernetesEnvironment Detect(Dictionary<string, string> variables, Dictionary<string, string>? files = null) =>
        KubernetesEnvironment.Detect(
            key => variables.GetValueOrDefault(key),
            path => files?.GetValueOrDefault(path));

    [Fact]
    public void Detect_DownwardApiVariables_ReadsAll()
    {
        var k8s = Detect(new()
        {
            ["K8S_POD_NAME"] = "task-service-7d9f-abcde",
            ["K8S_POD_UID"] = "0b5e1d2c-uid",
            ["K8S_NAMESPACE_NAME"] = "shop",
            ["K8S_NODE_NAME"] = "node-1",
            ["K8S_CONTAINER_NAME"] = "app",
            ["K8S_CLUSTER_NAME"] = "prod-eu",
        });

        Assert.Equal(new KubernetesEnvironment("task-service-7d9f-abcde", "0b5e1d2c-uid", "shop", "node-1", "app", "prod-eu", null), k8s);
        Assert.Equal("shop.task-service-7d9f-abcde.app", k8s.ServiceInstanceId);
    }

    [Fact]
    public void Detect_OperatorVariables_AreUsedWhenDownwardApiOnesAreMissing()
    {
        var k8s = Detect(new()
        {
            ["OTEL_RESOURCE_ATTRIBUTES_POD_NAME"] = "pod-a",
            ["OTEL_RESOURCE_ATTRIBUTES_POD_UID"] = "uid-a",
            ["OTEL_RESOURCE_ATTRIBUTES_NODE_NAME"] = "node-a",
        });

        Assert.Equal("pod-a", k8s.PodName);
        Assert.Equal("uid-a", k8s.PodUid);
        Assert.Equal("node-a", k8s.NodeName);
    }

    [Fact]
    public void Detect_InKubernetesWithoutDownwardApi_FallsBackToHostnameAndNamespaceFile()
    {
        var k8s = Detect(
            new() { ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1", ["HOSTNAME"] = "task-service-xyz" },
            new() { [KubernetesEnvironment.ServiceAccountNamespaceFile] = "shop\n" });

        Assert.Equal("task-service-xyz", k8s.PodName);
        Assert.Equal("shop", k8s.NamespaceName);
        Assert.Equal("shop.task-service-xyz", k8s.ServiceInstanceId);
    }

    [Fact]
    public void Detect_OutsideKubernetes_IgnoresHostname()
    {
        var k8s = Detect(new() { ["HOSTNAME"] = "my-laptop" });

        Assert.Null(k8s.PodName);
        Assert.Null(k8s.ServiceInstanceId);
    }

    [Fact]
    public void Detect_CgroupFile_GivesContainerId()
    {
        const string Id = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        var k8s = Detect([], new() { [KubernetesEnvironment.CgroupFile] = "4:cpu:/kubepods/pod1/" + Id });

        Assert.Equal(Id, k8s.ContainerId);
    }
}
