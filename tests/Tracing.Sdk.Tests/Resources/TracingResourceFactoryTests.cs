using Tracing.Sdk.Configuration;
using Tracing.Sdk.Resources;

namespace Tracing.Sdk.Tests.Resources;

public class TracingResourceFactoryTests
{
    private static readonly KubernetesEnvironment Pod = new("pod-1", "uid-1", "shop", "node-1", "app", null, null);

    [Fact]
    public void Create_NothingConfigured_DescribesEntryAssemblyPodAndSdk()
    {
        var attributes = TracingResourceFactory.Create(new K8sTracingOptions(), new ConfiguredValues(), Pod, typeof(TracingResourceFactoryTests).Assembly);

        Assert.Equal("Tracing.Sdk.Tests", attributes["service.name"]);
        Assert.NotNull(attributes["service.version"]);
        Assert.Equal("shop.pod-1.app", attributes["service.instance.id"]);
        Assert.Equal("pod-1", attributes["k8s.pod.name"]);
        Assert.Equal("uid-1", attributes["k8s.pod.uid"]);
        Assert.Equal("shop", attributes["k8s.namespace.name"]);
        Assert.Equal("node-1", attributes["k8s.node.name"]);
        Assert.Equal("app", attributes["k8s.container.name"]);
        Assert.False(attributes.ContainsKey("k8s.cluster.name"));
        Assert.Equal("opentelemetry", attributes["telemetry.sdk.name"]);
        Assert.Equal("dotnet", attributes["telemetry.sdk.language"]);
        Assert.Equal(Environment.MachineName, attributes["host.name"]);
    }

    [Fact]
    public void Create_NoPod_UsesRandomInstanceIdPerProcessSetup()
    {
        var none = new KubernetesEnvironment(null, null, null, null, null, null, null);

        var first = TracingResourceFactory.Create(new K8sTracingOptions(), new ConfiguredValues(), none, null);
        var second = TracingResourceFactory.Create(new K8sTracingOptions(), new ConfiguredValues(), none, null);

        Assert.True(Guid.TryParse((string)first["service.instance.id"], out _));
        Assert.NotEqual(first["service.instance.id"], second["service.instance.id"]);
        Assert.Equal("unknown_service:dotnet", first["service.name"]);
    }

    [Fact]
    public void Create_Precedence_CodeThenServiceNameThenResourceAttributesThenDetected()
    {
        var configured = new ConfiguredValues();
        configured.ResourceAttributes.Add(new("service.name", "from-resource-attributes"));
        configured.ResourceAttributes.Add(new("service.version", "9.9.9"));
        configured.ResourceAttributes.Add(new("k8s.pod.name", "overridden-pod"));
        configured.ResourceAttributes.Add(new("deployment.environment.name", "staging"));
        var options = new K8sTracingOptions { ServiceName = "from-service-name" };

        var attributes = TracingResourceFactory.Create(options, configured, Pod, null);

        Assert.Equal("from-service-name", attributes["service.name"]);
        Assert.Equal("9.9.9", attributes["service.version"]);
        Assert.Equal("overridden-pod", attributes["k8s.pod.name"]);
        Assert.Equal("staging", attributes["deployment.environment.name"]);

        options.ResourceAttributes["service.name"] = "from-code";
        options.ServiceVersion = "1.2.3";
        attributes = TracingResourceFactory.Create(options, configured, Pod, null);

        Assert.Equal("from-code", attributes["service.name"]);
        Assert.Equal("1.2.3", attributes["service.version"]);
    }
}
