namespace Tracing.Sdk.Testing.Serving;

/// <summary>The receiver's only middleware: sends each request to the endpoint that owns its path.</summary>
internal sealed class RequestRouter(GrpcExportEndpoint grpc, HttpExportEndpoint http, AdminEndpoints? admin)
{
    public Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.Equals(OtlpReceiver.GrpcExportPath, StringComparison.Ordinal))
        {
            return grpc.HandleAsync(context);
        }

        if (path.Equals(OtlpReceiver.HttpTracesPath, StringComparison.Ordinal))
        {
            return http.HandleAsync(context);
        }

        if (admin is not null && admin.TryHandle(context, out var handled))
        {
            return handled;
        }

        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            return GrpcExportEndpoint.WriteStatusAsync(context, GrpcStatusCode.Unimplemented, $"Unknown method '{path}'.", retryAfter: null);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
