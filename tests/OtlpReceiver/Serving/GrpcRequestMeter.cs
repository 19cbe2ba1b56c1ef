namespace Tracing.Sdk.Testing.Serving;

/// <summary>
/// Counts each gRPC export attempt and measures its body before Grpc.AspNetCore reads it: the service method gets the
/// decoded message only, and a message that cannot be decoded never reaches it, yet both belong in the counters.
/// </summary>
internal sealed class GrpcRequestMeter(ReceiverState state)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (!request.Path.Equals(OtlpReceiver.GrpcExportPath, StringComparison.Ordinal)
            || request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        state.CountAttempt();
        var body = await RequestBody.ReadAllAsync(request).ConfigureAwait(false);
        context.Features.Set(new GrpcRequestSize(body.Length));
        request.Body = new MemoryStream(body, writable: false);
        await next(context).ConfigureAwait(false);
    }
}
