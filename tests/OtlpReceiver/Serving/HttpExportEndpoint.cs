using System.Globalization;
using Google.Protobuf;
using Google.Rpc;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Tracing.Sdk.Testing.Serving;

/// <summary>OTLP/HTTP <c>POST /v1/traces</c> with a binary protobuf body, optionally gzip-compressed.</summary>
internal sealed class HttpExportEndpoint(ReceiverState state, ExportProcessor processor)
{
    private const string ProtobufContentType = "application/x-protobuf";
    private static readonly byte[] EmptyResponse = new ExportTraceServiceResponse().ToByteArray();

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsPost(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        var encoding = request.Headers.ContentEncoding.ToString();
        var compressed = string.Equals(encoding, "gzip", StringComparison.OrdinalIgnoreCase);
        if (!IsProtobuf(request.ContentType) || !(compressed || encoding.Length == 0 || string.Equals(encoding, "identity", StringComparison.OrdinalIgnoreCase)))
        {
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        state.CountAttempt();
        var body = await RequestBody.ReadAllAsync(request).ConfigureAwait(false);
        var message = TryDecode(compressed ? RequestBody.TryGunzip(body) : body);
        var outcome = await processor.ProcessAsync(ReceivedProtocol.HttpProtobuf, request, message, body.Length, compressed, context.RequestAborted)
            .ConfigureAwait(false);
        var (status, code, text) = outcome switch
        {
            { Malformed: true } => (StatusCodes.Status400BadRequest, Code.InvalidArgument, "The body is not an ExportTraceServiceRequest."),
            { Mode: OtlpReceiverMode.Unavailable } => (StatusCodes.Status503ServiceUnavailable, Code.Unavailable, "The OTLP test receiver is set to be unavailable."),
            { Mode: OtlpReceiverMode.TooManyRequests } => (StatusCodes.Status429TooManyRequests, Code.ResourceExhausted, "The OTLP test receiver is set to throttle."),
            _ => (StatusCodes.Status200OK, Code.Ok, string.Empty),
        };
        response.StatusCode = status;
        response.ContentType = ProtobufContentType;
        if (status == StatusCodes.Status200OK)
        {
            await response.Body.WriteAsync(EmptyResponse, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (outcome.RetryAfter is { } retryAfter && !outcome.Malformed)
        {
            response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        // OTLP/HTTP failures carry a google.rpc.Status body.
        var rpcStatus = new Google.Rpc.Status { Code = (int)code, Message = text };
        await response.Body.WriteAsync(rpcStatus.ToByteArray(), context.RequestAborted).ConfigureAwait(false);
    }

    private static ExportTraceServiceRequest? TryDecode(byte[]? message)
    {
        if (message is null)
        {
            return null;
        }

        try
        {
            return ExportTraceServiceRequest.Parser.ParseFrom(message);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private static bool IsProtobuf(string? contentType) =>
        contentType is not null
        && contentType.Split(';', 2)[0].Trim().Equals(ProtobufContentType, StringComparison.OrdinalIgnoreCase);
}
