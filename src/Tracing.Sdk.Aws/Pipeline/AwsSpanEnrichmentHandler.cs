using System.Diagnostics;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Tracing.Sdk.Aws.Telemetry;

namespace Tracing.Sdk.Aws.Pipeline;

/// <summary>
/// Adds to the current AWS SDK client span what the SDK's telemetry hooks do not pass on: <c>cloud.region</c>,
/// the DynamoDB request attributes (table names, index, consistency, limit — never items, keys or expressions),
/// and, once the endpoint is resolved, <c>server.address</c> and <c>server.port</c>.
/// </summary>
internal sealed class AwsSpanEnrichmentHandler : PipelineHandler
{
    public override void InvokeSync(IExecutionContext executionContext)
    {
        var activity = CurrentClientSpan();
        OnStart(activity, executionContext);
        try
        {
            base.InvokeSync(executionContext);
        }
        finally
        {
            OnEnd(activity, executionContext);
        }
    }

    public override async Task<T> InvokeAsync<T>(IExecutionContext executionContext)
    {
        var activity = CurrentClientSpan();
        OnStart(activity, executionContext);
        try
        {
            return await base.InvokeAsync<T>(executionContext).ConfigureAwait(false);
        }
        finally
        {
            OnEnd(activity, executionContext);
        }
    }

    private static Activity? CurrentClientSpan() =>
        Activity.Current is { Kind: ActivityKind.Client, IsAllDataRequested: true } current
        && ReferenceEquals(current.Source, AwsSdkTracing.ClientSource)
            ? current
            : null;

    private static void OnStart(Activity? activity, IExecutionContext executionContext)
    {
        if (activity is null)
        {
            return;
        }

        var requestContext = executionContext.RequestContext;
        var region = requestContext.ClientConfig?.RegionEndpoint?.SystemName ?? requestContext.ClientConfig?.AuthenticationRegion;
        if (!string.IsNullOrEmpty(region))
        {
            activity.SetTag(AwsSpanAttributes.CloudRegion, region);
        }

        if (requestContext.OriginalRequest is { } request)
        {
            DynamoDbRequestAttributes.Apply(activity, request);
        }
    }

    private static void OnEnd(Activity? activity, IExecutionContext executionContext)
    {
        if (activity is null || executionContext.RequestContext.Request?.Endpoint is not { IsAbsoluteUri: true } endpoint)
        {
            return;
        }

        activity.SetTag(AwsSpanAttributes.ServerAddress, endpoint.Host);
        activity.SetTag(AwsSpanAttributes.ServerPort, endpoint.Port);
    }
}
