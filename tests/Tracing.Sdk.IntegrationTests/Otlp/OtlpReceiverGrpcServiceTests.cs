using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Otlp;

/// <summary>The receiver's gRPC <c>TraceService</c>, called through the client generated from the same protos rather than through the exporter.</summary>
public sealed class OtlpReceiverGrpcServiceTests
{
    [Fact]
    public async Task Export_GeneratedClient_AnswersEmptyResponseWithStatusOk()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var channel = GrpcChannel.ForAddress(receiver.GrpcEndpoint);
        var client = new TraceService.TraceServiceClient(channel);

        using var call = client.ExportAsync(OneSpanRequest("direct"));
        var response = await call.ResponseAsync;

        Assert.Null(response.PartialSuccess);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Equal("direct", Assert.Single(receiver.Spans).Name);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(ReceivedProtocol.Grpc, request.Protocol);
        Assert.Equal(OtlpReceiver.GrpcExportPath, request.Path);
        Assert.False(request.Compressed);
        Assert.Equal(5 + OneSpanRequest("direct").CalculateSize(), request.BodyBytes);
    }

    [Fact]
    public async Task Export_GzipRequest_IsDecompressedAndRecordedAsCompressed()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var channel = GrpcChannel.ForAddress(receiver.GrpcEndpoint);
        var client = new TraceService.TraceServiceClient(channel);
        var headers = new Metadata { { "grpc-internal-encoding-request", "gzip" } };

        await client.ExportAsync(OneSpanRequest("zipped"), headers);

        var request = Assert.Single(receiver.Requests);
        Assert.True(request.Compressed);
        Assert.Equal("gzip", request.Headers["grpc-encoding"]);
        Assert.Equal("zipped", Assert.Single(receiver.Spans).Name);
    }

    [Theory]
    [InlineData(OtlpReceiverMode.Unavailable, StatusCode.Unavailable)]
    [InlineData(OtlpReceiverMode.TooManyRequests, StatusCode.ResourceExhausted)]
    public async Task Export_RefusalWithRetryAfter_FailsWithStatusAndRetryInfo(OtlpReceiverMode mode, StatusCode expected)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        receiver.Behavior = new OtlpReceiverBehavior { Mode = mode, RetryAfter = TimeSpan.FromSeconds(7) };
        using var channel = GrpcChannel.ForAddress(receiver.GrpcEndpoint);
        var client = new TraceService.TraceServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.ExportAsync(OneSpanRequest("refused")));

        Assert.Equal(expected, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.Status.Detail));
        var status = error.GetRpcStatus();
        Assert.NotNull(status);
        Assert.Equal((int)expected, status.Code);
        Assert.Equal(TimeSpan.FromSeconds(7), status.GetDetail<RetryInfo>()?.RetryDelay.ToTimeSpan());
        Assert.Equal(1, receiver.ExportAttempts);
        Assert.False(Assert.Single(receiver.Requests).Accepted);
        Assert.Empty(receiver.Spans);
    }

    [Fact]
    public async Task Export_RefusalWithoutRetryAfter_HasNoRetryInfo()
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions { Behavior = OtlpReceiverBehavior.Unavailable() });
        using var channel = GrpcChannel.ForAddress(receiver.GrpcEndpoint);
        var client = new TraceService.TraceServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.ExportAsync(OneSpanRequest("refused")));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Null(error.GetRpcStatus()?.GetDetail<RetryInfo>());
    }

    [Fact]
    public async Task Export_DelayLongerThanDeadline_FailsDeadlineExceeded()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        receiver.Behavior = new OtlpReceiverBehavior { Delay = TimeSpan.FromSeconds(5) };
        using var channel = GrpcChannel.ForAddress(receiver.GrpcEndpoint);
        var client = new TraceService.TraceServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.ExportAsync(OneSpanRequest("late"), deadline: DateTime.UtcNow.AddMilliseconds(300)));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal(1, receiver.ExportAttempts);
    }

    [Fact]
    public async Task Export_BodyNotProtobuf_FailsCountedButNotRecorded()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var channel = GrpcChannel.ForAddress(receiver.GrpcEndpoint);
        var export = new Method<byte[], byte[]>(
            MethodType.Unary,
            TraceService.Descriptor.FullName,
            "Export",
            Marshallers.Create(bytes => bytes, bytes => bytes),
            Marshallers.Create(bytes => bytes, bytes => bytes));

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.CreateCallInvoker().AsyncUnaryCall(export, host: null, new CallOptions(), [0xFF, 0xFF, 0xFF]));

        Assert.NotEqual(StatusCode.OK, error.StatusCode);
        Assert.Equal(1, receiver.ExportAttempts);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Export_UnknownService_FailsUnimplementedAndCountsNoAttempt()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var channel = GrpcChannel.ForAddress(receiver.GrpcEndpoint);
        var metricsExport = new Method<ExportTraceServiceRequest, ExportTraceServiceResponse>(
            MethodType.Unary,
            "opentelemetry.proto.collector.metrics.v1.MetricsService",
            "Export",
            Marshallers.Create(message => message.ToByteArray(), ExportTraceServiceRequest.Parser.ParseFrom),
            Marshallers.Create(message => message.ToByteArray(), ExportTraceServiceResponse.Parser.ParseFrom));

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.CreateCallInvoker().AsyncUnaryCall(metricsExport, host: null, new CallOptions(), new ExportTraceServiceRequest()));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Equal(0, receiver.ExportAttempts);
    }

    private static ExportTraceServiceRequest OneSpanRequest(string name) => new()
    {
        ResourceSpans =
        {
            new ResourceSpans
            {
                ScopeSpans =
                {
                    new ScopeSpans
                    {
                        Spans =
                        {
                            new Span
                            {
                                TraceId = ByteString.CopyFrom([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]),
                                SpanId = ByteString.CopyFrom([1, 2, 3, 4, 5, 6, 7, 8]),
                                Name = name,
                            },
                        },
                    },
                },
            },
        },
    };
}
