using System.Buffers.Binary;
using System.Globalization;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Tracing.Sdk.Testing.Serving;

/// <summary>
/// OTLP/gRPC <c>TraceService/Export</c> with hand-written gRPC framing: one length-prefixed message in, one out,
/// the status in the trailers.
/// </summary>
internal sealed class GrpcExportEndpoint(ReceiverState state, ExportProcessor processor)
{
    private const int FrameHeaderLength = 5;
    private static readonly byte[] EmptyResponse = new ExportTraceServiceResponse().ToByteArray();

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || !IsGrpcContentType(request.ContentType))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        state.CountAttempt();
        var body = await RequestBody.ReadAllAsync(request).ConfigureAwait(false);
        var compressed = body.Length > 0 && body[0] == 1;
        var encoding = request.Headers["grpc-encoding"].ToString();
        if (compressed && !string.Equals(encoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            await WriteStatusAsync(context, GrpcStatusCode.Unimplemented, $"Unsupported grpc-encoding '{encoding}'.", retryAfter: null).ConfigureAwait(false);
            return;
        }

        var outcome = await processor.ProcessAsync(ReceivedProtocol.Grpc, request, TryReadMessage(body), body.Length, compressed).ConfigureAwait(false);
        var (code, message) = outcome switch
        {
            { Malformed: true } => (GrpcStatusCode.InvalidArgument, "The request is not one framed ExportTraceServiceRequest."),
            { Mode: OtlpReceiverMode.Unavailable } => (GrpcStatusCode.Unavailable, "The OTLP test receiver is set to be unavailable."),
            { Mode: OtlpReceiverMode.TooManyRequests } => (GrpcStatusCode.ResourceExhausted, "The OTLP test receiver is set to throttle."),
            _ => (GrpcStatusCode.Ok, string.Empty),
        };
        if (code == GrpcStatusCode.Ok)
        {
            await WriteFrameAsync(context.Response, EmptyResponse).ConfigureAwait(false);
        }

        await WriteStatusAsync(context, code, message, outcome.RetryAfter).ConfigureAwait(false);
    }

    public static async Task WriteStatusAsync(HttpContext context, GrpcStatusCode code, string message, TimeSpan? retryAfter)
    {
        var response = context.Response;
        if (!response.HasStarted)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            await response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        }

        response.AppendTrailer("grpc-status", ((int)code).ToString(CultureInfo.InvariantCulture));
        if (code != GrpcStatusCode.Ok)
        {
            response.AppendTrailer("grpc-message", Uri.EscapeDataString(message));
            response.AppendTrailer("grpc-status-details-bin", Convert.ToBase64String(RpcStatus.Encode((int)code, message, retryAfter)).TrimEnd('='));
        }
    }

    private static bool IsGrpcContentType(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    /// <returns>The uncompressed message, or <see langword="null"/> when the framing or the gzip is broken.</returns>
    private static byte[]? TryReadMessage(byte[] body)
    {
        if (body.Length < FrameHeaderLength)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4));
        if (length != body.Length - FrameHeaderLength)
        {
            return null;
        }

        var message = body.AsMemory(FrameHeaderLength);
        return body[0] switch
        {
            0 => message.ToArray(),
            1 => RequestBody.TryGunzip(message),
            _ => null,
        };
    }

    private static async Task WriteFrameAsync(HttpResponse response, byte[] message)
    {
        var frame = new byte[FrameHeaderLength + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)message.Length);
        message.CopyTo(frame, FrameHeaderLength);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        await response.Body.WriteAsync(frame, response.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
