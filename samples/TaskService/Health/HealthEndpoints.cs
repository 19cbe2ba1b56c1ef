using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace TaskService.Health;

/// <summary>
/// <c>/health/liveness</c> (the process answers) and <c>/health/readiness</c> (DynamoDB and the table are usable): the
/// probe paths Tracing.Sdk filters out by default, so probes create no traces.
/// </summary>
public static class HealthEndpoints
{
    public const string LivenessPath = "/health/liveness";
    public const string ReadinessPath = "/health/readiness";
    public const string ReadinessTag = "ready";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadinessTag) });
        return app;
    }
}
