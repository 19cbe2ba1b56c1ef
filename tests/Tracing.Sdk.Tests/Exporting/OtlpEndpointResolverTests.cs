using OpenTelemetry.Exporter;
using Tracing.Sdk.Configuration;
using Tracing.Sdk.Exporting;

namespace Tracing.Sdk.Tests.Exporting;

public class OtlpEndpointResolverTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.Grpc, "http://localhost:4317/")]
    [InlineData(OtlpExportProtocol.HttpProtobuf, "http://localhost:4318/v1/traces")]
    public void Resolve_NothingSet_SidecarDefaultForProtocol(OtlpExportProtocol protocol, string expected)
    {
        var options = new K8sTracingOptions { Protocol = protocol };

        Assert.Equal(new Uri(expected), OtlpEndpointResolver.Resolve(options, new ConfiguredValues()));
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc, "http://collector:4317", "http://collector:4317/")]
    [InlineData(OtlpExportProtocol.HttpProtobuf, "http://collector:4318", "http://collector:4318/v1/traces")]
    [InlineData(OtlpExportProtocol.HttpProtobuf, "http://collector:4318/", "http://collector:4318/v1/traces")]
    [InlineData(OtlpExportProtocol.HttpProtobuf, "https://gw.example/otlp", "https://gw.example/otlp/v1/traces")]
    public void Resolve_BaseEndpoint_AppendsSignalPathForHttpOnly(OtlpExportProtocol protocol, string baseEndpoint, string expected)
    {
        var configured = new ConfiguredValues { BaseEndpoint = new Uri(baseEndpoint) };

        Assert.Equal(new Uri(expected), OtlpEndpointResolver.Resolve(new K8sTracingOptions { Protocol = protocol }, configured));
    }

    [Fact]
    public void Resolve_SignalOrCodeEndpoint_IsUsedAsGiven()
    {
        var configured = new ConfiguredValues { BaseEndpoint = new Uri("http://base:4318") };
        var options = new K8sTracingOptions { Protocol = OtlpExportProtocol.HttpProtobuf, Endpoint = new Uri("http://traces:4318/custom") };

        Assert.Equal(new Uri("http://traces:4318/custom"), OtlpEndpointResolver.Resolve(options, configured));
    }

    [Theory]
    [InlineData("http://localhost:4318", OtlpExportProtocol.Grpc, "4318")]
    [InlineData("http://localhost:4317/v1/traces", OtlpExportProtocol.Grpc, "/v1/traces")]
    [InlineData("http://localhost:4317/v1/traces", OtlpExportProtocol.HttpProtobuf, "4317")]
    public void Check_CommonMistake_IsWarnedAboutByName(string endpoint, OtlpExportProtocol protocol, string mention)
    {
        var diagnostics = new SetupDiagnostics();

        OtlpEndpointResolver.Check(new Uri(endpoint), protocol, diagnostics);

        Assert.Contains(diagnostics.Warnings, w => w.Contains(mention, StringComparison.Ordinal) && w.Contains("OTEL_EXPORTER_OTLP_PROTOCOL", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://localhost:4317", OtlpExportProtocol.Grpc)]
    [InlineData("http://localhost:4318/v1/traces", OtlpExportProtocol.HttpProtobuf)]
    [InlineData("https://otlp.example:443", OtlpExportProtocol.Grpc)]
    public void Check_SensibleEndpoint_NoWarning(string endpoint, OtlpExportProtocol protocol)
    {
        var diagnostics = new SetupDiagnostics();

        OtlpEndpointResolver.Check(new Uri(endpoint), protocol, diagnostics);

        Assert.Empty(diagnostics.Warnings);
    }
}
