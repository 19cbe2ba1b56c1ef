using Microsoft.AspNetCore.Http.Features;
using TaskService.Storage;

namespace TaskService.Tasks;

/// <summary>
/// Answers a request that failed because DynamoDB could not serve it with 503 problem details and a <c>Retry-After</c>,
/// so the client knows nothing was stored and may retry. The server span gets Error status (every 5xx does) and the
/// failure's type as <c>error.type</c>; the DynamoDB client span below it carries the details.
/// </summary>
/// <remarks>
/// An endpoint filter rather than an <c>IExceptionHandler</c>: the request keeps its endpoint, so its span keeps its
/// route name (<c>POST /tasks</c>).
/// </remarks>
public sealed partial class DynamoDbUnavailableFilter : IEndpointFilter
{
    private readonly ILogger<DynamoDbUnavailableFilter> _logger;

    public DynamoDbUnavailableFilter(ILogger<DynamoDbUnavailableFilter> logger)
    {
        _logger = logger;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception exception) when (DynamoDbErrors.IsUnavailable(exception) && !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            var httpContext = context.HttpContext;
            LogUnavailable(httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name, exception.Message);

            var activity = httpContext.Features.Get<IHttpActivityFeature>()?.Activity;
            activity?.SetTag("error.type", exception.GetType().FullName);
            activity?.AddException(exception);

            httpContext.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(
                title: "The task store is unavailable.",
                detail: "DynamoDB could not be reached; nothing was changed. Retry later.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} failed: DynamoDB unavailable ({ErrorType}: {Error})")]
    private partial void LogUnavailable(string method, string path, string errorType, string error);
}
