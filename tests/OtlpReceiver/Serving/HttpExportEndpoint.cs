using System.Globalization;
using Google.Protobuf;
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
        var message = compressed ? RequestBody.TryGunzip(body) : body;
        var outcome = await processor.ProcessAsync(ReceivedProtocol.HttpProtobuf, request, message, body.Length, compressed).ConfigureAwait(false);
        var (status, code, text) = outcome switch
        {
            { Malformed: true } => (StatusCodes.Status400BadRequest, GrpcStatusCode.InvalidArgument, "The body is not an ExportTraceServiceRequest."),
            { Mode: OtlpReceiverMode.Unavailable } => (StatusCodes.Status503ServiceUnavailable, GrpcStatusCode.Unavailable, "The OTLP test receiver is set to be unavailable."),
            { Mode: OtlpReceiverMode.TooManyRequests } => (StatusCodes.Status429TooManyRequests, GrpcStatusCode.ResourceExhausted, "The OTLP test receiver is set to throttle."),
            _ => (StatusCodes.Status200OK, GrpcStatusCode.Ok, string.Empty),
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
        await response.Body.WriteAsync(RpcStatus.Encode((int)code, text, retryDelay: null), context.RequestAborted).ConfigureAwait(false);
    }

    private static bool IsProtobuf(string? contentType) =>
        contentType is not null
        && contentType.Split(';', 2)[0].Trim().Equals(ProtobufContentType, StringComparison.OrdinalIgnoreCase);
}
