using Tracing.Sdk.Configuration;
using Tracing.Sdk.Exporting;
using YamlDotNet.Serialization;
using static Tracing.Sdk.IntegrationTests.Deploy.RenderedManifests;

namespace Tracing.Sdk.IntegrationTests.Deploy;

/// <summary>
/// Renders every overlay of <c>samples/deploy</c> and checks it against the library's own defaults (read from the code,
/// not repeated here), so the manifests cannot drift from Tracing.Sdk.
/// </summary>
public sealed class DeployManifestTests
{
    private const string AppContainer = "task-service";
    private const string PreStopMargin = "request draining";

    public static TheoryData<string> Overlays() => [.. RenderedManifests.Overlays()];

    public static TheoryData<string> SidecarOverlays() => ["sidecar", "kind"];

    /// <summary>The overlays that put everything in one namespace; production's pipeline has a namespace of its own.</summary>
    public static TheoryData<string> SingleNamespaceOverlays() => ["kind", "operator", "sidecar"];

    [Fact]
    public void Overlays_All_AreTheExpectedOnes()
    {
        Assert.Equal(["kind", "operator", "production", "sidecar"], RenderedManifests.Overlays());
    }

    [Theory]
    [MemberData(nameof(SingleNamespaceOverlays))]
    public void Resources_AnyOverlay_AllLiveInTheOverlaysNamespace(string overlay)
    {
        var rendered = RenderedManifests.Render(overlay);
        var ns = Text(Map(Assert.Single(rendered.OfKind("Namespace")), "metadata"), "name");

        Assert.All(
            rendered.Documents.Where(d => Text(d, "kind") != "Namespace"),
            d => Assert.Equal(ns, Text(Map(d, "metadata"), "namespace")));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Deployment_AnyOverlay_SetsEveryDownwardApiVariableTheResourceDetectorReads(string overlay)
    {
        var env = AppEnv(RenderedManifests.Render(overlay));

        Assert.Equal("metadata.name", FieldPath(env, OtelEnvironmentVariables.K8sPodName));
        Assert.Equal("metadata.uid", FieldPath(env, OtelEnvironmentVariables.K8sPodUid));
        Assert.Equal("metadata.namespace", FieldPath(env, OtelEnvironmentVariables.K8sNamespaceName));
        Assert.Equal("spec.nodeName", FieldPath(env, OtelEnvironmentVariables.K8sNodeName));
        Assert.Equal(AppContainer, Text(env[OtelEnvironmentVariables.K8sContainerName], "value"));
        Assert.False(string.IsNullOrEmpty(Text(env[OtelEnvironmentVariables.K8sClusterName], "value")));
        Assert.Equal("task-service", Text(env[OtelEnvironmentVariables.ServiceName], "value"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Deployment_AnyOverlay_ExportsToTheLibrarysDefaultSidecarEndpoint(string overlay)
    {
        var env = AppEnv(RenderedManifests.Render(overlay));

        // Either nothing (the default, localhost on the gRPC port) or exactly that.
        foreach (var key in new[] { OtelEnvironmentVariables.OtlpEndpoint, OtelEnvironmentVariables.OtlpTracesEndpoint })
        {
            if (env.TryGetValue(key, out var entry))
            {
                Assert.Equal(OtlpEndpointResolver.DefaultEndpoint(OpenTelemetry.Exporter.OtlpExportProtocol.Grpc), new Uri(Text(entry, "value")!));
            }
        }

        Assert.DoesNotContain(OtelEnvironmentVariables.OtlpProtocol, env.Keys);
        Assert.DoesNotContain(OtelEnvironmentVariables.TracesExporter, env.Keys);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Deployment_AnyOverlay_ProbesUseFilteredPathsOnTheAppPort(string overlay)
    {
        var container = AppContainerOf(RenderedManifests.Render(overlay));
        var port = Assert.Single(List(container, "ports").Cast<Dictionary<object, object>>());

        var probes = new[] { "livenessProbe", "readinessProbe", "startupProbe" }
            .Select(name => MapOrNull(container, name))
            .Where(p => p is not null)
            .ToList();
        Assert.Equal(3, probes.Count);
        Assert.Contains(probes, p => Text(Map(p, "httpGet"), "path") == "/health/readiness");
        foreach (var probe in probes)
        {
            var httpGet = Map(probe, "httpGet");
            Assert.Contains(Text(httpGet, "path"), K8sTracingOptions.DefaultProbePaths);
            Assert.Equal(Text(port, "name"), Text(httpGet, "port"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Deployment_AnyOverlay_GracePeriodCoversPreStopDrainAndFlush(string overlay)
    {
        var rendered = RenderedManifests.Render(overlay);
        var podSpec = PodSpec(rendered);
        var grace = int.Parse(Text(podSpec, "terminationGracePeriodSeconds")!, System.Globalization.CultureInfo.InvariantCulture);
        var preStop = int.Parse(Text(At(AppContainerOf(rendered), "lifecycle", "preStop", "sleep"), "seconds")!, System.Globalization.CultureInfo.InvariantCulture);
        var flush = new K8sTracingOptions().ShutdownTimeout;

        // preStop, then request draining (at least as long again as the flush), then the flush itself.
        Assert.True(
            grace >= preStop + (2 * flush.TotalSeconds),
            $"terminationGracePeriodSeconds {grace} < preStop {preStop} s + {PreStopMargin} + flush {flush.TotalSeconds} s");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Deployment_AnyOverlay_RunsAsItsServiceAccountWithDynamoDbTableFromEnvironment(string overlay)
    {
        var rendered = RenderedManifests.Render(overlay);
        var podSpec = PodSpec(rendered);
        var account = Text(podSpec, "serviceAccountName")!;
        rendered.Single("ServiceAccount", account);

        var configMapName = Text(Map(Assert.Single(List(AppContainerOf(rendered), "envFrom")), "configMapRef"), "name")!;
        var data = Map(rendered.Single("ConfigMap", configMapName), "data");
        Assert.Equal("tasks", Text(data, "Tasks__TableName"));
        Assert.False(string.IsNullOrEmpty(Text(data, "AWS_REGION")));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Jaeger_AnyOverlay_AcceptsOtlpOnTheGrpcPortAndServesItsUi(string overlay)
    {
        var rendered = RenderedManifests.Render(overlay);
        var ports = List(Map(rendered.Single("Service", "jaeger"), "spec"), "ports").Cast<Dictionary<object, object>>().ToList();

        Assert.Contains(ports, p => Text(p, "port") == OtlpEndpointResolver.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(ports, p => Text(p, "port") == "16686");
    }

    [Theory]
    [MemberData(nameof(SidecarOverlays))]
    public void NativeSidecar_SidecarOverlays_IsAnInitContainerThatRestartsAlwaysWithTheCollectorConfig(string overlay)
    {
        var rendered = RenderedManifests.Render(overlay);
        var podSpec = PodSpec(rendered);
        var collector = Assert.Single(List(podSpec, "initContainers").Cast<Dictionary<object, object>>());

        Assert.Equal("Always", Text(collector, "restartPolicy"));
        Assert.Contains(List(collector, "ports").Cast<Dictionary<object, object>>(), p => Text(p, "containerPort") == OtlpEndpointResolver.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var volume = Assert.Single(List(podSpec, "volumes").Cast<Dictionary<object, object>>(), v => MapOrNull(v, "configMap") is not null);
        var configMap = rendered.Single("ConfigMap", Text(Map(volume, "configMap"), "name")!);
        var config = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(Text(Map(configMap, "data"), "config.yaml")!);
        AssertCollectorConfig(config);
    }

    [Fact]
    public void OperatorCollector_OperatorOverlay_IsASidecarInjectedByAnnotation()
    {
        var rendered = RenderedManifests.Render("operator");
        var collector = Assert.Single(rendered.OfKind("OpenTelemetryCollector"));
        var annotations = Map(At(rendered.Single("Deployment", "task-service"), "spec", "template"), "metadata");

        Assert.Equal("sidecar", Text(Map(collector, "spec"), "mode"));
        Assert.Equal(Text(Map(collector, "metadata"), "name"), Text(Map(annotations, "annotations"), "sidecar.opentelemetry.io/inject"));
        Assert.Empty(List(PodSpec(rendered), "initContainers"));
        AssertCollectorConfig(At(collector, "spec", "config"));
    }

    private static void AssertCollectorConfig(Dictionary<object, object> config)
    {
        var grpc = At(config, "receivers", "otlp", "protocols", "grpc");
        Assert.EndsWith(":" + OtlpEndpointResolver.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Text(grpc, "endpoint"), StringComparison.Ordinal);

        var pipeline = At(config, "service", "pipelines", "traces");
        Assert.Equal(["otlp"], List(pipeline, "receivers").Select(o => o.ToString()));
        Assert.Equal(["memory_limiter", "batch"], List(pipeline, "processors").Select(o => o.ToString()));
        var exporter = Assert.Single(List(pipeline, "exporters")).ToString()!;
        Assert.StartsWith("otlp", exporter, StringComparison.Ordinal);
        var exporterConfig = At(config, "exporters", exporter);
        Assert.Equal("jaeger:" + OtlpEndpointResolver.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Text(exporterConfig, "endpoint"));

        // The app sends k8s.* itself: the collector needs no Kubernetes API access.
        Assert.DoesNotContain(Map(config, "processors").Keys, k => k.ToString()!.StartsWith("k8sattributes", StringComparison.Ordinal));
    }

    private static Dictionary<object, object> PodSpec(RenderedManifests rendered) =>
        At(rendered.Single("Deployment", "task-service"), "spec", "template", "spec");

    private static Dictionary<object, object> AppContainerOf(RenderedManifests rendered) =>
        Assert.Single(List(PodSpec(rendered), "containers").Cast<Dictionary<object, object>>(), c => Text(c, "name") == AppContainer);

    private static Dictionary<string, Dictionary<object, object>> AppEnv(RenderedManifests rendered) =>
        List(AppContainerOf(rendered), "env").Cast<Dictionary<object, object>>().ToDictionary(e => Text(e, "name")!, StringComparer.Ordinal);

    private static string? FieldPath(Dictionary<string, Dictionary<object, object>> env, string name)
    {
        Assert.True(env.TryGetValue(name, out var entry), $"{name} is not set.");
        return Text(At(entry!, "valueFrom", "fieldRef"), "fieldPath");
    }
}
