using System.Runtime.CompilerServices;
using Tracing.Sdk.Aws;

namespace Tracing.Sdk;

/// <summary>
/// Opts a service into AWS SDK tracing: <c>builder.AddK8sTracing(o =&gt; o.AddAwsSdk());</c>.
/// </summary>
public static class AwsSdkK8sTracingOptionsExtensions
{
    private static readonly ConditionalWeakTable<K8sTracingOptions, AwsSdkTracingOptions> Added = [];

    /// <summary>
    /// Records every AWS SDK for .NET (v4) call as a client span, child of the current span, through AWSSDK.Core's own
    /// telemetry hooks (<see cref="Amazon.AWSConfigs.TelemetryProvider"/>): named <c>{Service}.{Operation}</c> (for example
    /// <c>DynamoDB.GetItem</c>), with <c>rpc.system</c> (<c>aws-api</c>), <c>rpc.service</c>, <c>rpc.method</c>,
    /// <c>aws.request_id</c>, <c>cloud.region</c>, <c>server.address</c> and, for DynamoDB, <c>db.system</c> and
    /// <c>aws.dynamodb.table_names</c>. A failed call gets Error status and <c>error.type</c> (the AWS error code, such as
    /// <c>ProvisionedThroughputExceededException</c>, or the exception type). Items, keys, expressions and their values
    /// are never recorded. The HTTP request of each attempt is a child span. Calling it again changes the same options.
    /// </summary>
    /// <remarks>
    /// The hooks are process-wide (the AWS SDK has one telemetry provider) and are installed by this call, so service
    /// clients created afterwards also get region and table names; clients created earlier get every other attribute.
    /// </remarks>
    /// <param name="options">The tracing options.</param>
    /// <param name="configure">Changes to the AWS options; what it sets wins.</param>
    /// <returns>The same options, for chaining.</returns>
    public static K8sTracingOptions AddAwsSdk(this K8sTracingOptions options, Action<AwsSdkTracingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);

        if (!Added.TryGetValue(options, out var awsOptions))
        {
            awsOptions = new AwsSdkTracingOptions();
            Added.Add(options, awsOptions);
            options.ConfigureTracerProvider(builder =>
            {
                builder.AddSource(AwsSdkTracing.SourceName);
                if (awsOptions.RecordSdkInternalSpans)
                {
                    builder.AddSource(AwsSdkTracing.InternalSourceName);
                }
            });
        }

        configure?.Invoke(awsOptions);
        AwsSdkTracing.Register();
        return options;
    }
}
