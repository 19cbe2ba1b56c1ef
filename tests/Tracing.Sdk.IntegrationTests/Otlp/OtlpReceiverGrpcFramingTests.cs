using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Otlp;

/// <summary>The hand-written gRPC framing, seen from a raw HTTP/2 client rather than through the exporter.</summary>
public sealed class OtlpReceiverGrpcFramingTests
{
    [Fact]
    public async Task Export_FramedRequest_AnswersFramedResponseAndStatusZeroTrailer()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var client = CreateHttp2Client();

        using var response = await client.SendAsync(CreateRequest(receiver, Frame(OneSpanRequest("raw").ToByteArray(), compressed: false)));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, body[0]);
        Assert.Equal((uint)(body.Length - 5), BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4)));
        Assert.Null(ExportTraceServiceResponse.Parser.ParseFrom(body.AsSpan(5)).PartialSuccess);
        Assert.Equal("0", Trailer(response, "grpc-status"));
        Assert.Equal("raw", Assert.Single(receiver.Spans).Name);
    }

    [Fact]
    public async Task Export_GzipFrameWithGrpcEncoding_IsDecompressed()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var client = CreateHttp2Client();
        var request = CreateRequest(receiver, Frame(Gzip(OneSpanRequest("zipped").ToByteArray()), compressed: true));
        request.Headers.Add("grpc-encoding", "gzip");

        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("0", Trailer(response, "grpc-status"));
        Assert.True(Assert.Single(receiver.Requests).Compressed);
        Assert.Equal("zipped", Assert.Single(receiver.Spans).Name);
    }

    [Fact]
    public async Task Export_CompressedFrameWithoutGrpcEncoding_AnswersUnimplemented()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var client = CreateHttp2Client();

        using var response = await client.SendAsync(CreateRequest(receiver, Frame(Gzip([]), compressed: true)));
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("12", Trailer(response, "grpc-status"));
        Assert.Empty(receiver.Spans);
    }

    [Fact]
    public async Task Export_TooManyRequestsWithRetryAfter_AnswersResourceExhaustedWithRetryInfo()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        receiver.Behavior = OtlpReceiverBehavior.TooManyRequests(TimeSpan.FromSeconds(7));
        using var client = CreateHttp2Client();

        using var response = await client.SendAsync(CreateRequest(receiver, Frame([], compressed: false)));
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("8", Trailer(response, "grpc-status"));
        Assert.False(string.IsNullOrEmpty(Trailer(response, "grpc-message")));
        var details = Trailer(response, "grpc-status-details-bin")!;
        var status = Convert.FromBase64String(details.PadRight(details.Length + ((4 - (details.Length % 4)) % 4), '='));
        Assert.Contains("google.rpc.RetryInfo", System.Text.Encoding.ASCII.GetString(status), StringComparison.Ordinal);
        Assert.Equal(1, receiver.ExportAttempts);
    }

    [Fact]
    public async Task Export_UnknownMethod_AnswersUnimplemented()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var client = CreateHttp2Client();
        var request = CreateRequest(receiver, Frame([], compressed: false));
        request.RequestUri = new Uri(receiver.GrpcEndpoint, "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export");

        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("12", Trailer(response, "grpc-status"));
        Assert.Equal(0, receiver.ExportAttempts);
    }

    private static HttpClient CreateHttp2Client() => new();

    private static HttpRequestMessage CreateRequest(OtlpReceiver receiver, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(receiver.GrpcEndpoint, OtlpReceiver.GrpcExportPath))
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        return request;
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
                                TraceId = ByteString.CopyFrom(new byte[16] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }),
                                SpanId = ByteString.CopyFrom(new byte[8] { 1, 2, 3, 4, 5, 6, 7, 8 }),
                                Name = name,
                            },
                        },
                    },
                },
            },
        },
    };

    private static byte[] Frame(byte[] message, bool compressed)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static string? Trailer(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var values) ? values.Single() : null;
}
