using Tracing.Sdk.Configuration;
using static Tracing.Sdk.IntegrationTests.Deploy.RenderedManifests;

namespace Tracing.Sdk.IntegrationTests.Deploy;

/// <summary>
/// Every overlay gives the library's outage storage a directory that is writable under the read-only root filesystem
/// and outlives a container restart, big enough for the library's default bound.
/// </summary>
public sealed class SpanStorageManifestTests
{
    public static TheoryData<string> Overlays() => [.. RenderedManifests.Overlays()];

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Deployment_AnyOverlay_MountsAnEmptyDirForTheOutageStorage(string overlay)
    {
        var podSpec = At(RenderedManifests.Render(overlay).Single("Deployment", "task-service"), "spec", "template", "spec");
        var app = Assert.Single(List(podSpec, "containers").Cast<Dictionary<object, object>>(), c => Text(c, "name") == "task-service");
        var directory = Text(
            Assert.Single(List(app, "env").Cast<Dictionary<object, object>>(), e => Text(e, "name") == OtelEnvironmentVariables.OtlpDiskRetryDirectory),
            "value");

        Assert.Equal("true", Text(Map(app, "securityContext"), "readOnlyRootFilesystem"));
        Assert.True(K8sTracingConfigurationReader.IsUsableDirectoryPath(directory!), directory);
        var mount = Assert.Single(List(app, "volumeMounts").Cast<Dictionary<object, object>>(), m => Text(m, "mountPath") == directory);
        Assert.NotEqual("true", Text(mount, "readOnly"));
        var volume = Assert.Single(List(podSpec, "volumes").Cast<Dictionary<object, object>>(), v => Text(v, "name") == Text(mount, "name"));
        var sizeLimit = Text(Map(volume, "emptyDir"), "sizeLimit");
        Assert.True(
            K8sTracingConfigurationReader.TryByteSize(sizeLimit!) >= new K8sTracingOptions().OutageStorageMaxBytes * 2,
            $"an emptyDir of {sizeLimit} should hold the default bound with room to spare");
    }
}
