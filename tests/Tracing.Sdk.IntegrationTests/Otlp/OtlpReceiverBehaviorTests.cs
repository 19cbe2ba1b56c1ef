using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Otlp;

public sealed class OtlpReceiverBehaviorTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Behavior_Unavailable_ExportFailsAndAttemptIsCounted(OtlpExportProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions { Behavior = OtlpReceiverBehavior.Unavailable() });
        using var exporter = OtlpTestTracing.CreateExporter(EndpointFor(receiver, protocol), protocol);

        var result = OtlpTestTracing.ExportOne(exporter, "refused");

        Assert.Equal(ExportResult.Failure, result);
        Assert.Equal(1, receiver.ExportAttempts);
        Assert.Empty(receiver.Spans);
        var request = Assert.Single(receiver.Requests);
        Assert.False(request.Accepted);
        Assert.Equal("refused", Assert.Single(request.Spans).Name);
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Behavior_SwitchedBackToAccept_NextExportSucceeds(OtlpExportProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var exporter = OtlpTestTracing.CreateExporter(EndpointFor(receiver, protocol), protocol);

        receiver.Behavior = OtlpReceiverBehavior.TooManyRequests();
        var throttled = OtlpTestTracing.ExportOne(exporter, "throttled");
        receiver.Behavior = OtlpReceiverBehavior.Accept;
        var accepted = OtlpTestTracing.ExportOne(exporter, "accepted");

        Assert.Equal(ExportResult.Failure, throttled);
        Assert.Equal(ExportResult.Success, accepted);
        Assert.Equal(2, receiver.ExportAttempts);
        Assert.Equal("accepted", Assert.Single(receiver.Spans).Name);
    }

    [Theory]
    [InlineData(OtlpReceiverMode.Unavailable, HttpStatusCode.ServiceUnavailable)]
    [InlineData(OtlpReceiverMode.TooManyRequests, HttpStatusCode.TooManyRequests)]
    public async Task Behavior_RefusalWithRetryAfter_HttpAnswersStatusAndRetryAfterSeconds(OtlpReceiverMode mode, HttpStatusCode expected)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        receiver.Behavior = new OtlpReceiverBehavior { Mode = mode, RetryAfter = TimeSpan.FromSeconds(3) };
        using var client = new HttpClient();

        using var response = await client.PostAsync(receiver.HttpTracesEndpoint, ProtobufContent([]));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        Assert.Equal(1, receiver.ExportAttempts);
    }

    [Fact]
    public async Task Behavior_DelayLongerThanExporterTimeout_ExportFails()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        receiver.Behavior = new OtlpReceiverBehavior { Delay = TimeSpan.FromSeconds(5) };
        using var exporter = new OtlpTraceExporter(new OtlpExporterOptions
        {
            Endpoint = receiver.GrpcEndpoint,
            Protocol = OtlpExportProtocol.Grpc,
            TimeoutMilliseconds = 300,
        });

        var stopwatch = Stopwatch.StartNew();
        var result = OtlpTestTracing.ExportOne(exporter, "slow");

        Assert.Equal(ExportResult.Failure, result);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"The export took {stopwatch.Elapsed}.");
        Assert.Equal(1, receiver.ExportAttempts);
    }

    [Fact]
    public async Task Behavior_Delay_AnswerComesAfterTheDelay()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        receiver.Behavior = new OtlpReceiverBehavior { Delay = TimeSpan.FromMilliseconds(300) };
        using var exporter = OtlpTestTracing.CreateExporter(receiver.GrpcEndpoint, OtlpExportProtocol.Grpc);

        var stopwatch = Stopwatch.StartNew();
        var result = OtlpTestTracing.ExportOne(exporter, "delayed");

        Assert.Equal(ExportResult.Success, result);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(290), $"The export took {stopwatch.Elapsed}.");
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task RestartAsync_AfterStop_ListensOnSamePortsAndKeepsRecords(OtlpExportProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var grpcEndpoint = receiver.GrpcEndpoint;
        var httpEndpoint = receiver.HttpEndpoint;
        using var exporter = OtlpTestTracing.CreateExporter(EndpointFor(receiver, protocol), protocol);
        Assert.Equal(ExportResult.Success, OtlpTestTracing.ExportOne(exporter, "before"));

        await receiver.StopAsync();
        var whileStopped = OtlpTestTracing.ExportOne(exporter, "lost");
        await receiver.RestartAsync();
        var afterRestart = OtlpTestTracing.ExportOne(exporter, "after");

        Assert.True(receiver.IsRunning);
        Assert.Equal(ExportResult.Failure, whileStopped);
        Assert.Equal(ExportResult.Success, afterRestart);
        Assert.Equal(grpcEndpoint, receiver.GrpcEndpoint);
        Assert.Equal(httpEndpoint, receiver.HttpEndpoint);
        Assert.Equal(["before", "after"], receiver.Spans.Select(span => span.Name));
    }

    [Fact]
    public async Task StartAsync_OptionsWithPortsOfStoppedReceiver_ListensOnThem()
    {
        var first = await OtlpReceiver.StartAsync();
        var (grpcPort, httpPort) = (first.GrpcEndpoint.Port, first.HttpEndpoint.Port);
        await first.DisposeAsync();

        await using var second = await OtlpReceiver.StartAsync(new OtlpReceiverOptions { GrpcPort = grpcPort, HttpPort = httpPort });

        Assert.Equal(grpcPort, second.GrpcEndpoint.Port);
        Assert.Equal(httpPort, second.HttpEndpoint.Port);
    }

    [Fact]
    public async Task HttpExport_JsonContentType_Answers415AndRecordsNothing()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var client = new HttpClient();

        using var response = await client.PostAsync(receiver.HttpTracesEndpoint, new StringContent("{}", MediaTypeHeaderValue.Parse("application/json")));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task HttpExport_BodyNotProtobuf_Answers400AndIsNotAccepted()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var client = new HttpClient();

        using var response = await client.PostAsync(receiver.HttpTracesEndpoint, ProtobufContent([0xFF, 0xFF, 0xFF]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(Assert.Single(receiver.Requests).Accepted);
    }

    [Fact]
    public async Task WaitForSpansAsync_ConditionNeverHolds_ThrowsTimeoutListingWhatArrived()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var exporter = OtlpTestTracing.CreateExporter(receiver.GrpcEndpoint, OtlpExportProtocol.Grpc);
        OtlpTestTracing.ExportOne(exporter, "only-this-one");

        var error = await Assert.ThrowsAsync<TimeoutException>(() => receiver.WaitForSpansAsync(2, TimeSpan.FromMilliseconds(200)));

        Assert.Contains("only-this-one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clear_AfterExports_ForgetsSpansRequestsAndCounters()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var exporter = OtlpTestTracing.CreateExporter(receiver.HttpTracesEndpoint, OtlpExportProtocol.HttpProtobuf);
        OtlpTestTracing.ExportOne(exporter, "forgotten");

        receiver.Clear();

        Assert.Empty(receiver.Spans);
        Assert.Empty(receiver.Requests);
        Assert.Equal(0, receiver.ExportAttempts);
        Assert.Equal(0, receiver.ReceivedBytes);
    }

    private static Uri EndpointFor(OtlpReceiver receiver, OtlpExportProtocol protocol) =>
        protocol == OtlpExportProtocol.Grpc ? receiver.GrpcEndpoint : receiver.HttpTracesEndpoint;

    private static ByteArrayContent ProtobufContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }
}
