using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using Tracing.Sdk.Testing;
using Tracing.Sdk.Testing.Standalone;

namespace Tracing.Sdk.IntegrationTests.Otlp;

public sealed class OtlpReceiverStandaloneTests
{
    [Fact]
    public void TryParse_AllOptions_ReadsThem()
    {
        var arguments = StandaloneArguments.TryParse(["--grpc-port", "14317", "--http-port", "14318", "--print"]);

        Assert.Equal(new StandaloneArguments { GrpcPort = 14317, HttpPort = 14318, PrintSpans = true }, arguments);
    }

    [Theory]
    [InlineData("--grpc-port")]
    [InlineData("--grpc-port", "x")]
    [InlineData("--http-port", "70000")]
    [InlineData("--print", "--quiet")]
    [InlineData("--unknown")]
    public void TryParse_BadArguments_ReturnsNull(params string[] args) =>
        Assert.Null(StandaloneArguments.TryParse(args));

    [Fact]
    public async Task AdminEndpoints_StatsAndBehavior_ReportCountersAndSwitchMode()
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions { ServeAdminEndpoints = true, RetainData = false });
        using var exporter = OtlpTestTracing.CreateExporter(receiver.GrpcEndpoint, OtlpExportProtocol.Grpc);
        using var client = new HttpClient { BaseAddress = receiver.HttpEndpoint };

        var accepted = OtlpTestTracing.ExportOne(exporter, "counted");
        using var switched = await client.PostAsync(new Uri("/behavior?mode=unavailable&retryAfter=1", UriKind.Relative), content: null);
        var refused = OtlpTestTracing.ExportOne(exporter, "refused");
        using var stats = JsonDocument.Parse(await client.GetStringAsync(new Uri("/stats", UriKind.Relative)));

        Assert.Equal(ExportResult.Success, accepted);
        Assert.True(switched.IsSuccessStatusCode);
        Assert.Equal(ExportResult.Failure, refused);
        Assert.Equal(1, stats.RootElement.GetProperty("spans").GetInt64());
        Assert.Equal(2, stats.RootElement.GetProperty("requests").GetInt64());
        Assert.True(stats.RootElement.GetProperty("bytes").GetInt64() > 0);
        Assert.Empty(receiver.Requests);
    }
}
