using System.Diagnostics;
using Tracing.Sdk.IntegrationTests.Sample;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Tracing.Sdk.IntegrationTests.Deploy;

/// <summary>An overlay of <c>samples/deploy</c> rendered by <c>kubectl kustomize</c> and parsed into plain maps and lists.</summary>
internal sealed class RenderedManifests
{
    private RenderedManifests(string overlay, IReadOnlyList<Dictionary<object, object>> documents)
    {
        Overlay = overlay;
        Documents = documents;
    }

    public string Overlay { get; }

    public IReadOnlyList<Dictionary<object, object>> Documents { get; }

    public static RenderedManifests Render(string overlay)
    {
        var directory = Path.Combine(RepositoryRoot.Find(), "samples", "deploy", "overlays", overlay);
        var yaml = Run("kubectl", "kustomize", directory);
        var deserializer = new DeserializerBuilder().Build();
        var documents = new List<Dictionary<object, object>>();
        using var reader = new StringReader(yaml);
        var parser = new YamlDotNet.Core.Parser(reader);
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        while (parser.Accept<YamlDotNet.Core.Events.DocumentStart>(out _))
        {
            if (deserializer.Deserialize<Dictionary<object, object>>(parser) is { } document)
            {
                documents.Add(document);
            }
        }

        return new RenderedManifests(overlay, documents);
    }

    public static IReadOnlyList<string> Overlays() =>
        [.. Directory.GetDirectories(Path.Combine(RepositoryRoot.Find(), "samples", "deploy", "overlays")).Select(Path.GetFileName).Order()!];

    public Dictionary<object, object> Single(string kind, string name) =>
        Assert.Single(Documents, d => Text(d, "kind") == kind && Text(Map(d, "metadata"), "name") == name);

    public Dictionary<object, object> Single(string kind, string name, string ns) =>
        Assert.Single(Documents, d => Text(d, "kind") == kind && Text(Map(d, "metadata"), "name") == name && Text(Map(d, "metadata"), "namespace") == ns);

    public IEnumerable<Dictionary<object, object>> OfKind(string kind) => Documents.Where(d => Text(d, "kind") == kind);

    public static Dictionary<object, object> Map(object? node, string key) =>
        (node as Dictionary<object, object>)?.GetValueOrDefault(key) as Dictionary<object, object>
        ?? throw new Xunit.Sdk.XunitException($"No map '{key}'.");

    public static Dictionary<object, object>? MapOrNull(object? node, string key) =>
        (node as Dictionary<object, object>)?.GetValueOrDefault(key) as Dictionary<object, object>;

    public static List<object> List(object? node, string key) =>
        (node as Dictionary<object, object>)?.GetValueOrDefault(key) as List<object> ?? [];

    public static string? Text(object? node, string key) => (node as Dictionary<object, object>)?.GetValueOrDefault(key)?.ToString();

    /// <summary>Follows a path of map keys, for example <c>At(doc, "spec", "template", "spec")</c>.</summary>
    public static Dictionary<object, object> At(object node, params string[] keys)
    {
        var current = node;
        foreach (var key in keys)
        {
            current = Map(current, key);
        }

        return (Dictionary<object, object>)current;
    }

    private static string Run(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("kubectl is required to render samples/deploy (kubectl kustomize); install it.", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed: {error}");
            }

            return output.Result;
        }
    }
}
