using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Tracing.Sdk.Testing.Serving;

/// <summary>
/// OTLP/gRPC <c>TraceService/Export</c> on Grpc.AspNetCore. Refusals are gRPC statuses with a <c>google.rpc.Status</c>
/// in <c>grpc-status-details-bin</c>, carrying <c>google.rpc.RetryInfo</c> when the behavior advertises a retry delay.
/// </summary>
internal sealed class TraceExportService(ExportProcessor processor) : TraceService.TraceServiceBase
{
    public override async Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        var httpRequest = context.GetHttpContext().Request;
        var bodyBytes = httpRequest.HttpContext.Features.Get<GrpcRequestSize>()?.Bytes ?? 0;
        var encoding = httpRequest.Headers["grpc-encoding"].ToString();
        var compressed = encoding.Length > 0 && !string.Equals(encoding, "identity", StringComparison.OrdinalIgnoreCase);
        var outcome = await processor.ProcessAsync(ReceivedProtocol.Grpc, httpRequest, request, bodyBytes, compressed, context.CancellationToken)
            .ConfigureAwait(false);
        return outcome.Mode switch
        {
            OtlpReceiverMode.Unavailable => throw Refusal(Code.Unavailable, "The OTLP test receiver is set to be unavailable.", outcome.RetryAfter),
            OtlpReceiverMode.TooManyRequests => throw Refusal(Code.ResourceExhausted, "The OTLP test receiver is set to throttle.", outcome.RetryAfter),
            _ => new ExportTraceServiceResponse(),
        };
    }

    private static RpcException Refusal(Code code, string message, TimeSpan? retryAfter)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        if (retryAfter is { } delay)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        }

        return status.ToRpcException();
    }
}
