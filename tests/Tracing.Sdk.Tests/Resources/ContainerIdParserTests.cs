using Tracing.Sdk.Resources;

namespace Tracing.Sdk.Tests.Resources;

public class ContainerIdParserTests
{
    private const string Id = "d5f0e0e6a8a7e2c1b3f4a5b6c7d8e9f00112233445566778899aabbccddeeff0";

    [Theory]
    [InlineData("12:pids:/docker/" + Id)]
    [InlineData("11:cpu:/kubepods/besteffort/pod1f3c/" + Id)]
    [InlineData("3:memory:/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1f3c.slice/cri-containerd-" + Id + ".scope")]
    [InlineData("1:name=systemd:/system.slice/docker-" + Id + ".scope")]
    [InlineData("5:devices:/kubepods/burstable/pod1f3c/crio-" + Id + ".scope")]
    public void FromCgroupV1_KnownRuntimeLayouts_FindsId(string line)
    {
        Assert.Equal(Id, ContainerIdParser.FromCgroupV1("0::/\n" + line + "\n"));
    }

    [Theory]
    [InlineData("0::/")]
    [InlineData("12:pids:/user.slice/user-1000.slice")]
    [InlineData("12:pids:/docker/NOTHEX0e6a8a7e2c1b3f4a5b6c7d8e9f00112233445566778899aabbccddeeff0")]
    [InlineData("")]
    [InlineData(null)]
    public void FromCgroupV1_NoId_ReturnsNull(string? content)
    {
        Assert.Null(ContainerIdParser.FromCgroupV1(content));
    }

    [Fact]
    public void FromMountInfo_DockerHostnameMount_FindsId()
    {
        var mountInfo =
            "585 573 0:48 / / rw,relatime master:313 - overlay overlay rw\n" +
            $"612 585 254:1 /var/lib/docker/containers/{Id}/hostname /etc/hostname rw,relatime - ext4 /dev/vda1 rw\n";

        Assert.Equal(Id, ContainerIdParser.FromMountInfo(mountInfo));
    }

    [Fact]
    public void FromMountInfo_ContainerdSandboxMount_IsNotMistakenForContainer()
    {
        var mountInfo = $"612 585 254:1 /var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/{Id}/hostname /etc/hostname rw - ext4 /dev/vda1 rw\n";

        Assert.Null(ContainerIdParser.FromMountInfo(mountInfo));
    }
}
