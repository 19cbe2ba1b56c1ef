using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Tracing.Sdk.Configuration;

namespace Tracing.Sdk.Tests.Outage;

public class OutageStorageConfigurationTests
{
    private static (K8sTracingOptions Options, SetupDiagnostics Diagnostics) Read(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        var options = new K8sTracingOptions();
        var diagnostics = new SetupDiagnostics();
        K8sTracingConfigurationReader.Read(configuration, options, diagnostics);
        return (options, diagnostics);
    }

    [Fact]
    public void Read_Nothing_DiskWithTheDefaultBound()
    {
        var (options, diagnostics) = Read();

        Assert.Equal(OutageStorage.Disk, options.OutageStorage);
        Assert.Null(options.OutageStorageDirectory);
        Assert.Equal(64L * 1024 * 1024, options.OutageStorageMaxBytes);
        Assert.Equal(TimeSpan.FromHours(1), options.OutageStorageMaxAge);
        Assert.Empty(diagnostics.Warnings);
    }

    [Theory]
    [InlineData("disk", OutageStorage.Disk)]
    [InlineData("IN_MEMORY", OutageStorage.Memory)]
    [InlineData("disabled", OutageStorage.None)]
    public void Read_RetrySetting_ChoosesTheStorage(string value, OutageStorage expected)
    {
        Assert.Equal(expected, Read(("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", value)).Options.OutageStorage);
    }

    [Fact]
    public void Read_ValidValues_AreTaken()
    {
        var (options, diagnostics) = Read(
            ("OTEL_DOTNET_EXPERIMENTAL_OTLP_DISK_RETRY_DIRECTORY_PATH", "/var/lib/tracing-sdk"),
            ("K8sTracing:OutageStorageMaxBytes", "128Mi"),
            ("K8sTracing:OutageStorageMaxAge", "00:30:00"));

        Assert.Equal("/var/lib/tracing-sdk", options.OutageStorageDirectory);
        Assert.Equal(128L * 1024 * 1024, options.OutageStorageMaxBytes);
        Assert.Equal(TimeSpan.FromMinutes(30), options.OutageStorageMaxAge);
        Assert.Empty(diagnostics.Warnings);
    }

    [Theory]
    [InlineData("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "sometimes")]
    [InlineData("OTEL_DOTNET_EXPERIMENTAL_OTLP_DISK_RETRY_DIRECTORY_PATH", "relative/dir")]
    [InlineData("K8sTracing:OutageStorageMaxBytes", "12")]
    [InlineData("K8sTracing:OutageStorageMaxBytes", "lots")]
    [InlineData("K8sTracing:OutageStorageMaxBytes", "-64Mi")]
    [InlineData("K8sTracing:OutageStorageMaxAge", "-00:01:00")]
    [InlineData("K8sTracing:OutageStorageMaxAge", "forever")]
    public void Read_BadValue_IsReportedAndTheDefaultKept(string key, string value)
    {
        var (options, diagnostics) = Read((key, value));

        Assert.Contains(diagnostics.Warnings, w => w.StartsWith(key, StringComparison.Ordinal));
        Assert.Equal(OutageStorage.Disk, options.OutageStorage);
        Assert.Null(options.OutageStorageDirectory);
        Assert.Equal(64L * 1024 * 1024, options.OutageStorageMaxBytes);
        Assert.Equal(TimeSpan.FromHours(1), options.OutageStorageMaxAge);
    }

    [Fact]
    public void ThrowIfInvalid_BadValuesInCode_ListsEveryOne()
    {
        var options = new K8sTracingOptions
        {
            OutageStorage = (OutageStorage)42,
            OutageStorageDirectory = "spans",
            OutageStorageMaxBytes = 10,
            OutageStorageMaxAge = TimeSpan.Zero,
        };

        var error = Assert.Throws<OptionsValidationException>(() => K8sTracingOptionsValidator.ThrowIfInvalid(options, new ConfiguredValues()));

        foreach (var name in new[] { "OutageStorage '42'", "OutageStorageDirectory", "OutageStorageMaxBytes", "OutageStorageMaxAge" })
        {
            Assert.Contains(error.Failures, f => f.StartsWith(name, StringComparison.Ordinal));
        }
    }
}
