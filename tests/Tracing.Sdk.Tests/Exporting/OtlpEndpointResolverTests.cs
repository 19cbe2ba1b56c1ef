using OpenTelemetry.Exporter;
using Tracing.Sdk.Configuration;
using Tracing.Sdk.Exporting;

namespace Tracing.Sdk.Tests.Exporting;

public class OtlpEndpointResolverTests
{
    [Theory]
    [InlineData("http://collector:4318", "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4318/", "http://collector:4318/v1/traces")]
    [InlineData("https://gw.example/otlp", "https://gw.example/otlp/v1/traces")]
    [InlineData("http://collector:4318/v1/traces", "http://collector:4318/v1/traces")]
    public void AppendTracesPath_BaseEndpoint_AppendsUnlessPresentAsTheSdkDoes(string baseEndpoint, string expected)
    {
        Assert.Equal(new Uri(expected), OtlpEndpointResolver.AppendTracesPath(new Uri(baseEndpoint)));
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
