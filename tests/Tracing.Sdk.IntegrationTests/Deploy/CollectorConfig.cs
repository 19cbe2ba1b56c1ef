using System.Globalization;
using YamlDotNet.Serialization;
using static Tracing.Sdk.IntegrationTests.Deploy.RenderedManifests;

namespace Tracing.Sdk.IntegrationTests.Deploy;

/// <summary>
/// A collector configuration found in a render (a ConfigMap's <c>config.yaml</c> mounted into a container, or an
/// <c>OpenTelemetryCollector</c>'s <c>spec.config</c>), with the container that runs it and the volumes it can mount.
/// </summary>
internal sealed class CollectorConfig
{
    private CollectorConfig(
        string name,
        string ns,
        Dictionary<object, object> config,
        Dictionary<object, object> container,
        IReadOnlyList<Dictionary<object, object>> volumes)
    {
        Name = name;
        Namespace = ns;
        Config = config;
        Container = container;
        Volumes = volumes;
    }

    /// <summary>The name of the container running the collector.</summary>
    public string Name { get; }

    public string Namespace { get; }

    public Dictionary<object, object> Config { get; }

    /// <summary>The container, or for the Operator's form the <c>OpenTelemetryCollector</c>'s spec (which has the same fields).</summary>
    public Dictionary<object, object> Container { get; }

    public IReadOnlyList<Dictionary<object, object>> Volumes { get; }

    /// <summary>Every collector of the render: containers whose config comes from a mounted ConfigMap, and Operator collectors.</summary>
    public static IReadOnlyList<CollectorConfig> All(RenderedManifests rendered)
    {
        var found = new List<CollectorConfig>();
        foreach (var workload in rendered.Documents.Where(d => Text(d, "kind") is "Deployment" or "StatefulSet"))
        {
            var ns = Text(Map(workload, "metadata"), "namespace")!;
            var podSpec = At(workload, "spec", "template", "spec");
            var volumes = List(podSpec, "volumes").Cast<Dictionary<object, object>>().ToList();
            foreach (var container in Containers(podSpec))
            {
                foreach (var mount in List(container, "volumeMounts").Cast<Dictionary<object, object>>())
                {
                    var volume = volumes.SingleOrDefault(v => Text(v, "name") == Text(mount, "name"));
                    var configMapName = Text(MapOrNull(volume, "configMap"), "name");
                    if (configMapName is null)
                    {
                        continue;
                    }

                    var data = Map(rendered.Single("ConfigMap", configMapName, ns), "data");
                    if (Text(data, "config.yaml") is { } yaml)
                    {
                        found.Add(new CollectorConfig(Text(container, "name")!, ns, Parse(yaml), container, volumes));
                    }
                }
            }
        }

        foreach (var collector in rendered.OfKind("OpenTelemetryCollector"))
        {
            var spec = Map(collector, "spec");
            found.Add(new CollectorConfig(
                Text(Map(collector, "metadata"), "name")!,
                Text(Map(collector, "metadata"), "namespace")!,
                Map(spec, "config"),
                spec,
                List(spec, "volumes").Cast<Dictionary<object, object>>().ToList()));
        }

        return found;
    }

    public static CollectorConfig Named(RenderedManifests rendered, string name) =>
        Assert.Single(All(rendered), c => c.Name == name);

    /// <summary>The pod's long-running containers: the containers and the native sidecars (init containers that restart always).</summary>
    public static IEnumerable<Dictionary<object, object>> Containers(Dictionary<object, object> podSpec) =>
        List(podSpec, "containers").Cast<Dictionary<object, object>>()
            .Concat(List(podSpec, "initContainers").Cast<Dictionary<object, object>>().Where(c => Text(c, "restartPolicy") == "Always"));

    public static Dictionary<object, object> Parse(string yaml) =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(yaml);

    public IEnumerable<(string Pipeline, Dictionary<object, object> Definition)> Pipelines() =>
        Map(At(Config, "service"), "pipelines").Select(p => (p.Key.ToString()!, (Dictionary<object, object>)p.Value));

    public IReadOnlyList<string> ServiceExtensions() => [.. List(Map(Config, "service"), "extensions").Select(e => e.ToString()!)];

    public Dictionary<object, object> Component(string section, string id) => Map(Map(Config, section), id);

    /// <summary>The value of a config scalar, with <c>${env:NAME}</c> resolved from the container's environment.</summary>
    public string Resolve(string? value)
    {
        Assert.NotNull(value);
        if (value.StartsWith("${env:", StringComparison.Ordinal) && value.EndsWith('}'))
        {
            var name = value[6..^1];
            var entry = List(Container, "env").Cast<Dictionary<object, object>>().SingleOrDefault(e => Text(e, "name") == name);
            Assert.True(entry is not null, $"{Name} reads ${{env:{name}}} but its container does not set {name}.");
            return Text(entry, "value")!;
        }

        return value;
    }

    /// <summary>The volume mounted at the folder holding <paramref name="path"/>, and the mount itself.</summary>
    public (Dictionary<object, object> Volume, Dictionary<object, object> Mount) VolumeHolding(string path)
    {
        var mount = List(Container, "volumeMounts").Cast<Dictionary<object, object>>()
            .Where(m => path == Text(m, "mountPath") || path.StartsWith(Text(m, "mountPath")!.TrimEnd('/') + "/", StringComparison.Ordinal))
            .OrderByDescending(m => Text(m, "mountPath")!.Length)
            .FirstOrDefault();
        Assert.True(mount is not null, $"{Name}: nothing is mounted where {path} lives.");
        var volume = Volumes.SingleOrDefault(v => Text(v, "name") == Text(mount, "name"));
        Assert.True(volume is not null, $"{Name}: the volume {Text(mount, "name")} mounted at {Text(mount, "mountPath")} is not defined.");
        return (volume!, mount!);
    }

    /// <summary>The port of a <c>host:port</c> endpoint.</summary>
    public static int PortOf(string? endpoint)
    {
        Assert.NotNull(endpoint);
        return int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
    }
}
