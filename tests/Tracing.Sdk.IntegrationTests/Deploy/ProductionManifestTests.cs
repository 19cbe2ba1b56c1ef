using System.Globalization;
using Tracing.Sdk.Configuration;
using Tracing.Sdk.Exporting;
using YamlDotNet.Serialization;
using static Tracing.Sdk.IntegrationTests.Deploy.RenderedManifests;

namespace Tracing.Sdk.IntegrationTests.Deploy;

/// <summary>
/// Renders <c>samples/deploy/overlays/production</c> (native-sidecar agent) and its <c>operator</c> variant and checks
/// that the pipeline fits together: agent -> gateway -> sampler -> Jaeger -> OpenSearch, over mutual TLS.
/// </summary>
public sealed class ProductionManifestTests
{
    private const string Production = "production";
    private const string ProductionOperator = "production/operator";
    private const string AppNamespace = "task-service-demo";
    private const string Agent = "otel-agent";
    private const string OperatorAgent = "trace-agent";
    private const string Gateway = "otel-gateway";
    private const string Sampler = "otel-sampler";
    private const string Jaeger = "jaeger";

    private static readonly string[] ComponentSections = ["receivers", "processors", "exporters", "connectors"];

    public static TheoryData<string> Renders() => [Production, ProductionOperator];

    public static TheoryData<string, string> Agents() => new() { { Production, Agent }, { ProductionOperator, OperatorAgent } };

    public static TheoryData<string> GatewayTiers() => [Gateway, Sampler];

    [Theory]
    [MemberData(nameof(Renders))]
    public void Pipelines_ProductionRenders_NameOnlyDefinedComponentsAndExtensions(string overlay)
    {
        var collectors = CollectorConfig.All(RenderedManifests.Render(overlay));
        Assert.Equal(4, collectors.Count);

        foreach (var collector in collectors)
        {
            foreach (var (pipeline, definition) in collector.Pipelines())
            {
                foreach (var (role, section) in new[] { ("receivers", "receivers"), ("processors", "processors"), ("exporters", "exporters") })
                {
                    var ids = List(definition, role).Select(o => o.ToString()!).ToList();
                    Assert.True(role == "processors" || ids.Count > 0, $"{collector.Name}: pipeline {pipeline} has no {role}.");
                    var defined = MapOrNull(collector.Config, section)?.Keys.Select(k => k.ToString()).ToHashSet(StringComparer.Ordinal) ?? [];
                    Assert.All(ids, id => Assert.True(defined.Contains(id), $"{collector.Name}: pipeline {pipeline} names {role[..^1]} '{id}', which is not defined."));
                }
            }

            var extensions = MapOrNull(collector.Config, "extensions")?.Keys.Select(k => k.ToString()).ToHashSet(StringComparer.Ordinal) ?? [];
            Assert.All(collector.ServiceExtensions(), id => Assert.True(extensions.Contains(id), $"{collector.Name}: service.extensions names '{id}', which is not defined."));

            // A component that stores through an extension (sending_queue.storage) needs that extension running.
            foreach (var section in ComponentSections)
            {
                foreach (var (id, component) in MapOrNull(collector.Config, section) ?? [])
                {
                    if (Text(MapOrNull(component, "sending_queue"), "storage") is { } storage)
                    {
                        Assert.True(collector.ServiceExtensions().Contains(storage), $"{collector.Name}: {id} stores its queue in '{storage}', which service.extensions does not start.");
                    }
                }
            }
        }
    }

    [Fact]
    public void Gateway_Production_LoadBalancesByTraceIdOverAHeadlessServiceOfTheSamplers()
    {
        var rendered = RenderedManifests.Render(Production);
        var gateway = CollectorConfig.Named(rendered, Gateway);
        var exporterId = Assert.Single(List(Assert.Single(gateway.Pipelines()).Definition, "exporters")).ToString()!;
        Assert.StartsWith("loadbalancing", exporterId, StringComparison.Ordinal);
        var loadBalancing = gateway.Component("exporters", exporterId);

        Assert.Equal("traceID", Text(loadBalancing, "routing_key"));
        var dns = At(loadBalancing, "resolver", "dns");
        var service = ServiceOf(rendered, Text(dns, "hostname")!, gateway.Namespace);
        Assert.Equal("None", Text(Map(service, "spec"), "clusterIP"));

        // The resolver dials each sampler pod's IP on its own port: the Service's target port, on a sampler container.
        var sampler = Workload(rendered, Sampler);
        Assert.True(SelectorMatches(Map(Map(service, "spec"), "selector"), PodLabels(sampler)), "The headless Service does not select the sampler pods.");
        var port = Assert.Single(List(Map(service, "spec"), "ports").Cast<Dictionary<object, object>>());
        Assert.Equal(Text(dns, "port"), Text(port, "port"));
        Assert.Equal(Text(dns, "port"), ContainerPort(ContainerOf(sampler, Sampler), Text(port, "targetPort")!).ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Sampler_Production_KeepsErrorsSlowTracesAndABaselineShare()
    {
        var sampler = CollectorConfig.Named(RenderedManifests.Render(Production), Sampler);
        var processors = List(Assert.Single(sampler.Pipelines()).Definition, "processors").Select(o => o.ToString()!).ToList();
        var tailSampling = Assert.Single(processors, p => p.StartsWith("tail_sampling", StringComparison.Ordinal));
        Assert.Equal("memory_limiter", processors[0]);
        var config = sampler.Component("processors", tailSampling);

        Assert.True(TimeSpan.TryParse("00:00:" + Text(config, "decision_wait")!.TrimEnd('s'), CultureInfo.InvariantCulture, out var wait) && wait > TimeSpan.Zero);
        Assert.True(int.Parse(Text(config, "num_traces")!, CultureInfo.InvariantCulture) > 0);

        var policies = List(config, "policies").Cast<Dictionary<object, object>>().ToList();
        var errors = Assert.Single(policies, p => Text(p, "type") == "status_code");
        Assert.Equal(["ERROR"], List(Map(errors, "status_code"), "status_codes").Select(o => o.ToString()));
        var slow = Assert.Single(policies, p => Text(p, "type") == "latency");
        Assert.True(int.Parse(sampler.Resolve(Text(Map(slow, "latency"), "threshold_ms")), CultureInfo.InvariantCulture) > 0);
        var baseline = Assert.Single(policies, p => Text(p, "type") == "probabilistic");
        var percentage = double.Parse(sampler.Resolve(Text(Map(baseline, "probabilistic"), "sampling_percentage")), CultureInfo.InvariantCulture);
        Assert.InRange(percentage, double.Epsilon, 99.999);
    }

    [Theory]
    [MemberData(nameof(Agents))]
    public void Agent_ProductionRenders_ExportsToTheGatewayOverMutualTlsWithAPersistentQueue(string overlay, string agentName)
    {
        var rendered = RenderedManifests.Render(overlay);
        var agent = CollectorConfig.Named(rendered, agentName);
        Assert.Equal(AppNamespace, agent.Namespace);
        var exporterId = Assert.Single(List(Assert.Single(agent.Pipelines()).Definition, "exporters")).ToString()!;
        var exporter = agent.Component("exporters", exporterId);

        var service = ServiceOf(rendered, HostOf(Text(exporter, "endpoint")!), agent.Namespace);
        Assert.Equal(Gateway, Text(Map(service, "metadata"), "name"));
        AssertTlsFromCertificate(rendered, agent, Map(exporter, "tls"), "ca_file", "cert_file", "key_file");

        var queue = Map(exporter, "sending_queue");
        Assert.NotEqual("false", Text(queue, "enabled"));
        var storage = Text(queue, "storage")!;
        Assert.StartsWith("file_storage", storage, StringComparison.Ordinal);
        Assert.Contains(storage, agent.ServiceExtensions());
        var directory = Text(agent.Component("extensions", storage), "directory")!;
        var (volume, mount) = agent.VolumeHolding(directory);
        Assert.NotEqual("true", Text(mount, "readOnly"));
        Assert.True(MapOrNull(volume, "emptyDir") is not null || MapOrNull(volume, "persistentVolumeClaim") is not null, $"The queue's volume {Text(volume, "name")} is neither an emptyDir nor a claim.");
        Assert.Equal("true", Text(Map(exporter, "retry_on_failure"), "enabled"));
    }

    [Fact]
    public void Agent_OperatorForm_RunsTheNativeSidecarsConfig()
    {
        var native = CollectorConfig.Named(RenderedManifests.Render(Production), Agent);
        var operatorForm = CollectorConfig.Named(RenderedManifests.Render(ProductionOperator), OperatorAgent);

        Assert.Equal(Canonical(native.Config), Canonical(operatorForm.Config));
        Assert.Equal("sidecar", Text(operatorForm.Container, "mode"));
    }

    [Theory]
    [MemberData(nameof(Renders))]
    public void Agent_ProductionRenders_ReceivesFromTheAppOnLocalhostWhichKeepsTheLibrarysDefault(string overlay)
    {
        var rendered = RenderedManifests.Render(overlay);
        var agent = Assert.Single(CollectorConfig.All(rendered), c => c.Namespace == AppNamespace);
        var grpc = At(agent.Config, "receivers", "otlp", "protocols", "grpc");
        var app = ContainerOf(Workload(rendered, "task-service"), "task-service");

        Assert.Equal("localhost:" + OtlpEndpointResolver.GrpcPort.ToString(CultureInfo.InvariantCulture), Text(grpc, "endpoint"));
        Assert.DoesNotContain(List(app, "env").Cast<Dictionary<object, object>>(), e => Text(e, "name") == OtelEnvironmentVariables.OtlpEndpoint && Text(e, "value") != "http://localhost:4317");
    }

    [Fact]
    public void Ports_Production_LineUpFromAgentToGatewayToSamplerToJaegerToOpenSearch()
    {
        var rendered = RenderedManifests.Render(Production);
        var agent = CollectorConfig.Named(rendered, Agent);
        var gateway = CollectorConfig.Named(rendered, Gateway);
        var sampler = CollectorConfig.Named(rendered, Sampler);
        var jaeger = CollectorConfig.Named(rendered, Jaeger);

        AssertReaches(rendered, agent.Namespace, Text(SingleExporter(agent), "endpoint")!, gateway);

        var dns = At(SingleExporter(gateway), "resolver", "dns");
        AssertReaches(rendered, gateway.Namespace, Text(dns, "hostname") + ":" + Text(dns, "port"), sampler);

        AssertReaches(rendered, sampler.Namespace, Text(SingleExporter(sampler), "endpoint")!, jaeger);

        var storageUrl = new Uri(Assert.Single(List(StorageBackend(jaeger).Value, "server_urls")).ToString()!);
        var openSearch = ServiceOf(rendered, storageUrl.Host, jaeger.Namespace);
        var servicePort = Assert.Single(List(Map(openSearch, "spec"), "ports").Cast<Dictionary<object, object>>(), p => Text(p, "port") == storageUrl.Port.ToString(CultureInfo.InvariantCulture));
        var store = rendered.Documents.Single(d => Text(d, "kind") == "StatefulSet" && SelectorMatches(Map(Map(openSearch, "spec"), "selector"), PodLabels(d)));
        Assert.Equal(storageUrl.Port, ContainerPort(Assert.Single(List(At(store, "spec", "template", "spec"), "containers").Cast<Dictionary<object, object>>()), Text(servicePort, "targetPort")!));
    }

    [Fact]
    public void Tls_Production_EveryTierServesAndDialsWithItsCertManagerCertificate()
    {
        var rendered = RenderedManifests.Render(Production);
        foreach (var name in new[] { Gateway, Sampler, Jaeger })
        {
            var collector = CollectorConfig.Named(rendered, name);
            var receiverTls = MapOrNull(At(collector.Config, "receivers", "otlp", "protocols", "grpc"), "tls");
            Assert.True(receiverTls is not null, $"{name} receives OTLP without TLS.");
            AssertTlsFromCertificate(rendered, collector, receiverTls!, "cert_file", "key_file", "client_ca_file");
        }

        var gatewayOtlp = At(SingleExporter(CollectorConfig.Named(rendered, Gateway)), "protocol", "otlp");
        AssertTlsFromCertificate(rendered, CollectorConfig.Named(rendered, Gateway), Map(gatewayOtlp, "tls"), "ca_file", "cert_file", "key_file");
        AssertTlsFromCertificate(rendered, CollectorConfig.Named(rendered, Sampler), Map(SingleExporter(CollectorConfig.Named(rendered, Sampler)), "tls"), "ca_file", "cert_file", "key_file");
    }

    [Theory]
    [MemberData(nameof(GatewayTiers))]
    public void GatewayTiers_Production_RunReplicasWithAnAutoscalerAndADisruptionBudget(string tier)
    {
        var rendered = RenderedManifests.Render(Production);
        var deployment = Workload(rendered, tier);
        var ns = Text(Map(deployment, "metadata"), "namespace")!;

        Assert.True(int.Parse(Text(Map(deployment, "spec"), "replicas")!, CultureInfo.InvariantCulture) >= 2, $"{tier} runs fewer than 2 replicas.");
        var hpa = Assert.Single(rendered.OfKind("HorizontalPodAutoscaler"), h => Text(Map(h, "metadata"), "namespace") == ns && Text(At(h, "spec", "scaleTargetRef"), "name") == tier);
        Assert.Equal("Deployment", Text(At(hpa, "spec", "scaleTargetRef"), "kind"));
        Assert.True(int.Parse(Text(Map(hpa, "spec"), "minReplicas")!, CultureInfo.InvariantCulture) >= 2, $"{tier}'s autoscaler may go below 2 replicas.");
        Assert.Single(rendered.OfKind("PodDisruptionBudget"), p => Text(Map(p, "metadata"), "namespace") == ns && SelectorMatches(At(p, "spec", "selector", "matchLabels"), PodLabels(deployment)));
    }

    [Theory]
    [MemberData(nameof(Renders))]
    public void Storage_ProductionRenders_KeepsNoTraceInMemory(string overlay)
    {
        var rendered = RenderedManifests.Render(overlay);
        var jaeger = CollectorConfig.Named(rendered, Jaeger);
        var backends = Map(jaeger.Component("extensions", "jaeger_storage"), "backends");

        Assert.All(backends, b => Assert.All(((Dictionary<object, object>)b.Value).Keys, k => Assert.Contains(k.ToString(), new[] { "opensearch", "elasticsearch", "cassandra" })));
        Assert.Contains(Text(Map(jaeger.Component("extensions", "jaeger_query"), "storage"), "traces"), backends.Keys.Select(k => k.ToString()));
        Assert.DoesNotContain(AllContainers(rendered), c => Text(c, "image")!.Contains("all-in-one", StringComparison.Ordinal));

        // The store keeps its data on claims (one per node), and something deletes indices past the retention.
        var (_, backend) = StorageBackend(jaeger);
        var store = Assert.Single(rendered.OfKind("StatefulSet"));
        var claims = List(Map(store, "spec"), "volumeClaimTemplates").Cast<Dictionary<object, object>>().Select(c => Text(Map(c, "metadata"), "name")).ToList();
        var storeContainer = Assert.Single(List(At(store, "spec", "template", "spec"), "containers").Cast<Dictionary<object, object>>());
        Assert.Contains(List(storeContainer, "volumeMounts").Cast<Dictionary<object, object>>(), m => claims.Contains(Text(m, "name")));
        var prefix = Text(Map(backend, "indices"), "index_prefix")!;
        var cleaner = Assert.Single(rendered.OfKind("CronJob"));
        var cleanerContainer = Assert.Single(List(At(cleaner, "spec", "jobTemplate", "spec", "template", "spec"), "containers").Cast<Dictionary<object, object>>());
        Assert.Contains("--index-prefix=" + prefix, List(cleanerContainer, "args").Select(a => a.ToString()));
    }

    [Theory]
    [MemberData(nameof(Renders))]
    public void Images_ProductionRenders_ArePinnedToAVersion(string overlay)
    {
        var rendered = RenderedManifests.Render(overlay);
        var images = AllContainers(rendered).Select(c => Text(c, "image")!)
            .Concat(rendered.OfKind("OpenTelemetryCollector").Select(c => Text(Map(c, "spec"), "image")!))
            .ToList();

        Assert.NotEmpty(images);
        Assert.All(images, image =>
        {
            var tagStart = image.LastIndexOf(':');
            Assert.True(tagStart > image.LastIndexOf('/'), $"{image} has no tag.");
            Assert.NotEqual("latest", image[(tagStart + 1)..]);
        });
    }

    [Theory]
    [MemberData(nameof(Renders))]
    public void Resources_ProductionRenders_EveryContainerRequestsAndLimitsMemory(string overlay)
    {
        var rendered = RenderedManifests.Render(overlay);
        var resources = AllContainers(rendered).Select(c => (Text(c, "name"), MapOrNull(c, "resources")))
            .Concat(rendered.OfKind("OpenTelemetryCollector").Select(c => (Text(Map(c, "metadata"), "name"), MapOrNull(Map(c, "spec"), "resources"))));

        Assert.All(resources, r =>
        {
            Assert.True(Text(MapOrNull(r.Item2, "requests"), "memory") is not null && Text(MapOrNull(r.Item2, "requests"), "cpu") is not null, $"{r.Item1} requests no cpu or memory.");
            Assert.True(Text(MapOrNull(r.Item2, "limits"), "memory") is not null, $"{r.Item1} has no memory limit.");
        });
    }

    [Theory]
    [MemberData(nameof(Renders))]
    public void Probes_ProductionRenders_EveryLongRunningContainerIsProbed(string overlay)
    {
        var rendered = RenderedManifests.Render(overlay);
        var podSpecs = rendered.Documents.Where(d => Text(d, "kind") is "Deployment" or "StatefulSet").Select(d => At(d, "spec", "template", "spec"));

        Assert.All(podSpecs.SelectMany(CollectorConfig.Containers), c =>
        {
            Assert.True(MapOrNull(c, "readinessProbe") is not null, $"{Text(c, "name")} has no readiness probe.");
            Assert.True(MapOrNull(c, "livenessProbe") is not null, $"{Text(c, "name")} has no liveness probe.");
        });

        // The Operator builds the injected agent's probes from its health_check extension.
        Assert.All(rendered.OfKind("OpenTelemetryCollector"), c => Assert.Contains("health_check", List(At(c, "spec", "config", "service"), "extensions").Select(e => e.ToString())));
    }

    [Fact]
    public void NetworkPolicies_Production_OnlyApplicationNamespacesReachTheGateway()
    {
        var rendered = RenderedManifests.Render(Production);
        var gateway = Workload(rendered, Gateway);
        var ns = Text(Map(gateway, "metadata"), "namespace")!;
        var policies = rendered.OfKind("NetworkPolicy").Where(p => Text(Map(p, "metadata"), "namespace") == ns).ToList();

        // Policies add up: every rule of every policy that selects the gateway's pods counts.
        Assert.Contains(policies, p => Map(Map(p, "spec"), "podSelector").Count == 0 && List(Map(p, "spec"), "policyTypes").Contains("Ingress") && List(Map(p, "spec"), "ingress").Count == 0);
        var rules = IngressRulesFor(policies, PodLabels(gateway));
        var appNamespaceLabels = Map(Map(rendered.Single("Namespace", AppNamespace), "metadata"), "labels");
        Assert.NotEmpty(rules);
        Assert.All(rules, rule =>
        {
            var peers = List(rule, "from").Cast<Dictionary<object, object>>().ToList();
            Assert.NotEmpty(peers);
            Assert.All(peers, peer =>
            {
                Assert.Null(MapOrNull(peer, "ipBlock"));
                var namespaces = MapOrNull(MapOrNull(peer, "namespaceSelector"), "matchLabels");
                Assert.True(namespaces is { Count: > 0 } && SelectorMatches(namespaces, appNamespaceLabels), "The gateway admits peers outside the labelled application namespaces.");
            });
            Assert.Equal([OtlpEndpointResolver.GrpcPort.ToString(CultureInfo.InvariantCulture)], List(rule, "ports").Select(p => Text(p, "port")));
        });
    }

    [Fact]
    public void JaegerUi_Production_IsReachedOnlyThroughATlsIngressAndTheAuthProxy()
    {
        var rendered = RenderedManifests.Render(Production);
        var ingress = Assert.Single(rendered.OfKind("Ingress"));
        Assert.NotEmpty(Text(Assert.Single(List(Map(ingress, "spec"), "tls")), "secretName")!);
        var backends = List(Map(ingress, "spec"), "rules").Cast<Dictionary<object, object>>()
            .SelectMany(r => List(Map(r, "http"), "paths").Cast<Dictionary<object, object>>())
            .Select(p => Text(At(p, "backend", "service"), "name"))
            .ToList();
        var proxyService = rendered.Single("Service", Assert.Single(backends.Distinct())!);
        var proxy = rendered.OfKind("Deployment").Single(d => SelectorMatches(Map(Map(proxyService, "spec"), "selector"), PodLabels(d)));
        var proxyContainer = Assert.Single(List(At(proxy, "spec", "template", "spec"), "containers").Cast<Dictionary<object, object>>());
        Assert.StartsWith("quay.io/oauth2-proxy/oauth2-proxy:", Text(proxyContainer, "image"), StringComparison.Ordinal);

        var jaeger = CollectorConfig.Named(rendered, Jaeger);
        var queryPort = CollectorConfig.PortOf(Text(At(jaeger.Component("extensions", "jaeger_query"), "http"), "endpoint"));
        var upstream = new Uri(List(proxyContainer, "args").Select(a => a.ToString()!).Single(a => a.StartsWith("--upstream=", StringComparison.Ordinal))["--upstream=".Length..]);
        Assert.Equal(Jaeger, Text(Map(ServiceOf(rendered, upstream.Host, jaeger.Namespace), "metadata"), "name"));
        Assert.Equal(queryPort, upstream.Port);

        // Nothing else exposes Jaeger, and in its namespace only the proxy may open the query port.
        Assert.All(rendered.OfKind("Service"), s => Assert.Contains(Text(Map(s, "spec"), "type") ?? "ClusterIP", new[] { "ClusterIP" }));
        var jaegerPod = PodLabels(Workload(rendered, Jaeger));
        var queryPeers = IngressRulesFor(rendered.OfKind("NetworkPolicy").Where(p => Text(Map(p, "metadata"), "namespace") == jaeger.Namespace), jaegerPod)
            .Where(r => List(r, "ports").Any(p => Text(p, "port") == queryPort.ToString(CultureInfo.InvariantCulture)))
            .SelectMany(r => List(r, "from").Cast<Dictionary<object, object>>())
            .ToList();
        var peer = Assert.Single(queryPeers);
        Assert.True(SelectorMatches(At(peer, "podSelector", "matchLabels"), PodLabels(proxy)));
    }

    [Theory]
    [MemberData(nameof(Renders))]
    public void Deployment_ProductionRenders_GivesTheLibraryAWritableSpanDirectory(string overlay)
    {
        var rendered = RenderedManifests.Render(overlay);
        var deployment = Workload(rendered, "task-service");
        var app = ContainerOf(deployment, "task-service");
        var path = Text(List(app, "env").Cast<Dictionary<object, object>>().Single(e => Text(e, "name") == OtelEnvironmentVariables.OtlpDiskRetryDirectory), "value");

        Assert.Equal("/var/lib/tracing-sdk", path);
        var mount = Assert.Single(List(app, "volumeMounts").Cast<Dictionary<object, object>>(), m => Text(m, "mountPath") == path);
        Assert.NotEqual("true", Text(mount, "readOnly"));
        var volume = Assert.Single(List(At(deployment, "spec", "template", "spec"), "volumes").Cast<Dictionary<object, object>>(), v => Text(v, "name") == Text(mount, "name"));
        Assert.NotNull(MapOrNull(volume, "emptyDir"));
    }

    [Theory]
    [MemberData(nameof(Renders))]
    public void Resources_ProductionRenders_AppAndPipelineLiveInNamespacesOfTheirOwn(string overlay)
    {
        var rendered = RenderedManifests.Render(overlay);
        var declared = rendered.OfKind("Namespace").Select(n => Text(Map(n, "metadata"), "name")).ToHashSet(StringComparer.Ordinal);
        var clusterScoped = new[] { "Namespace", "ClusterIssuer" };

        // The CA's root lives where cert-manager's ClusterIssuers read their secrets.
        Assert.All(
            rendered.Documents.Where(d => !clusterScoped.Contains(Text(d, "kind"))),
            d => Assert.Contains(Text(Map(d, "metadata"), "namespace"), declared.Append("cert-manager")));
        Assert.Equal(AppNamespace, Text(Map(Workload(rendered, "task-service"), "metadata"), "namespace"));
        Assert.NotEqual(AppNamespace, Text(Map(Workload(rendered, Gateway), "metadata"), "namespace"));
    }

    private static void AssertReaches(RenderedManifests rendered, string clientNamespace, string endpoint, CollectorConfig server)
    {
        var service = ServiceOf(rendered, HostOf(endpoint), clientNamespace);
        var port = CollectorConfig.PortOf(endpoint);
        var servicePort = List(Map(service, "spec"), "ports").Cast<Dictionary<object, object>>().SingleOrDefault(p => Text(p, "port") == port.ToString(CultureInfo.InvariantCulture));
        Assert.True(servicePort is not null, $"Service {Text(Map(service, "metadata"), "name")} has no port {port} for {endpoint}.");
        var workload = rendered.Documents.Single(d => Text(d, "kind") == "Deployment" && Text(Map(d, "metadata"), "namespace") == server.Namespace && CollectorConfig.Containers(At(d, "spec", "template", "spec")).Any(c => Text(c, "name") == server.Name));
        Assert.True(SelectorMatches(Map(Map(service, "spec"), "selector"), PodLabels(workload)), $"Service {Text(Map(service, "metadata"), "name")} does not select {server.Name}.");

        var containerPort = ContainerPort(server.Container, Text(servicePort, "targetPort")!);
        var receiverPort = CollectorConfig.PortOf(Text(At(server.Config, "receivers", "otlp", "protocols", "grpc"), "endpoint"));
        Assert.True(containerPort == receiverPort, $"{endpoint} reaches container port {containerPort} of {server.Name}, whose OTLP receiver listens on {receiverPort}.");
    }

    private static void AssertTlsFromCertificate(RenderedManifests rendered, CollectorConfig collector, Dictionary<object, object> tls, params string[] keys)
    {
        Assert.NotEqual("true", Text(tls, "insecure"));
        Assert.NotEqual("true", Text(tls, "insecure_skip_verify"));
        var certificateSecrets = rendered.OfKind("Certificate")
            .Where(c => Text(Map(c, "metadata"), "namespace") == collector.Namespace)
            .Select(c => Text(Map(c, "spec"), "secretName"))
            .ToList();
        foreach (var key in keys)
        {
            var file = Text(tls, key);
            Assert.True(file is not null, $"{collector.Name}: tls.{key} is not set.");
            var (volume, mount) = collector.VolumeHolding(file);
            var secret = Text(MapOrNull(volume, "secret"), "secretName");
            Assert.True(certificateSecrets.Contains(secret), $"{collector.Name}: tls.{key} ({file}) is not in the secret of a cert-manager Certificate of its namespace.");
            Assert.Contains(Path.GetFileName(file), new[] { "ca.crt", "tls.crt", "tls.key" });
            Assert.Equal(Text(mount, "mountPath")!.TrimEnd('/'), Path.GetDirectoryName(file));
        }
    }

    /// <summary>The ingress rules that apply to pods with these labels (an empty pod selector selects every pod).</summary>
    private static List<Dictionary<object, object>> IngressRulesFor(IEnumerable<Dictionary<object, object>> policies, Dictionary<object, object> podLabels) =>
        [.. policies
            .Where(p => MapOrNull(Map(Map(p, "spec"), "podSelector"), "matchLabels") is not { } selector || SelectorMatches(selector, podLabels))
            .SelectMany(p => List(Map(p, "spec"), "ingress").Cast<Dictionary<object, object>>())];

    private static Dictionary<object, object> SingleExporter(CollectorConfig collector) =>
        collector.Component("exporters", Assert.Single(List(Assert.Single(collector.Pipelines()).Definition, "exporters")).ToString()!);

    private static (string Name, Dictionary<object, object> Value) StorageBackend(CollectorConfig jaeger)
    {
        var backend = Assert.Single(Map(jaeger.Component("extensions", "jaeger_storage"), "backends"));
        var kind = Assert.Single((Dictionary<object, object>)backend.Value);
        return (backend.Key.ToString()!, (Dictionary<object, object>)kind.Value);
    }

    private static Dictionary<object, object> ServiceOf(RenderedManifests rendered, string host, string clientNamespace)
    {
        var labels = host.Split('.');
        var ns = labels.Length > 1 ? labels[1] : clientNamespace;
        Assert.True(labels.Length <= 2 || labels[2] == "svc", $"{host} is not a Service's DNS name.");
        return rendered.Single("Service", labels[0], ns);
    }

    private static string HostOf(string endpoint) =>
        endpoint.Contains("://", StringComparison.Ordinal) ? new Uri(endpoint).Host : endpoint[..endpoint.LastIndexOf(':')];

    private static Dictionary<object, object> Workload(RenderedManifests rendered, string name) =>
        Assert.Single(rendered.Documents, d => Text(d, "kind") is "Deployment" or "StatefulSet" && Text(Map(d, "metadata"), "name") == name);

    private static Dictionary<object, object> ContainerOf(Dictionary<object, object> workload, string name) =>
        Assert.Single(CollectorConfig.Containers(At(workload, "spec", "template", "spec")), c => Text(c, "name") == name);

    private static Dictionary<object, object> PodLabels(Dictionary<object, object> workload) =>
        Map(At(workload, "spec", "template", "metadata"), "labels");

    private static bool SelectorMatches(Dictionary<object, object> selector, Dictionary<object, object> labels) =>
        selector.Count > 0 && selector.All(s => labels.TryGetValue(s.Key, out var value) && Equals(value?.ToString(), s.Value?.ToString()));

    private static int ContainerPort(Dictionary<object, object> container, string targetPort) =>
        int.TryParse(targetPort, CultureInfo.InvariantCulture, out var number)
            ? number
            : int.Parse(Text(Assert.Single(List(container, "ports").Cast<Dictionary<object, object>>(), p => Text(p, "name") == targetPort), "containerPort")!, CultureInfo.InvariantCulture);

    private static IEnumerable<Dictionary<object, object>> AllContainers(RenderedManifests rendered)
    {
        foreach (var document in rendered.Documents)
        {
            var podSpec = Text(document, "kind") switch
            {
                "Deployment" or "StatefulSet" => At(document, "spec", "template", "spec"),
                "CronJob" => At(document, "spec", "jobTemplate", "spec", "template", "spec"),
                _ => null,
            };
            if (podSpec is null)
            {
                continue;
            }

            foreach (var container in List(podSpec, "containers").Concat(List(podSpec, "initContainers")).Cast<Dictionary<object, object>>())
            {
                yield return container;
            }
        }
    }

    private static string Canonical(Dictionary<object, object> config) =>
        new SerializerBuilder().Build().Serialize(Sorted(config));

    private static object? Sorted(object? node) => node switch
    {
        Dictionary<object, object> map => new SortedDictionary<string, object?>(map.ToDictionary(e => e.Key.ToString()!, e => Sorted(e.Value)), StringComparer.Ordinal),
        List<object> list => list.Select(Sorted).ToList(),
        _ => node?.ToString(),
    };
}
