using System.IO.Compression;
using System.Reflection.PortableExecutable;

namespace Tracing.Sdk.PackageTests.Consumer;

/// <summary>
/// The packed assemblies carry ReadyToRun code for linux-x64 beside their IL, as the README says (what keeps our setup
/// from being JIT-compiled at every start).
/// </summary>
[Collection(ConsumerAppsDefinition.Name)]
public sealed class ReadyToRunPackageTests(PackedFeedFixture feed)
{
    private const ushort LinuxMachineMask = 0x7B79;

    [Fact]
    public void EveryPackedAssembly_HasReadyToRunCodeAndItsIL()
    {
        var packages = Directory.GetFiles(feed.Feed, "*.nupkg");
        Assert.Equal(3, packages.Length);
        foreach (var package in packages)
        {
            using var archive = ZipFile.OpenRead(package);
            var assembly = Assert.Single(archive.Entries, e => e.FullName.StartsWith("lib/", StringComparison.Ordinal) && e.Name.EndsWith(".dll", StringComparison.Ordinal));
            using var stream = new MemoryStream();
            using (var entry = assembly.Open())
            {
                entry.CopyTo(stream);
            }

            stream.Position = 0;
            using var reader = new PEReader(stream);
            var cor = reader.PEHeaders.CorHeader;
            Assert.True(cor is not null && reader.HasMetadata, $"{assembly.FullName} in {Path.GetFileName(package)} has no IL metadata");
            Assert.True(cor.ManagedNativeHeaderDirectory.Size > 0, $"{assembly.FullName} in {Path.GetFileName(package)} has no ReadyToRun code");
            // A ReadyToRun image for Linux marks its machine as the architecture XOR the runtime's Linux constant.
            Assert.Equal((ushort)Machine.Amd64, (ushort)((ushort)reader.PEHeaders.CoffHeader.Machine ^ LinuxMachineMask));
        }
    }
}
