using System.Diagnostics;
using Amazon.Runtime;
using Amazon.Runtime.Telemetry;

namespace Tracing.Sdk.Aws.Telemetry;

/// <summary>
/// The attributes of AWS SDK client spans, per the OpenTelemetry semantic conventions for the AWS SDK and DynamoDB.
/// What the SDK sets goes through an allow-list: <c>rpc.*</c>, <c>aws.request_id</c>, <c>server.address</c>, the HTTP
/// status code (renamed to <c>http.response.status_code</c>) and the AWS error code (as <c>error.type</c>). Exception
/// details go to the exception event rather than to attributes; anything else is dropped.
/// </summary>
internal static class AwsSpanAttributes
{
    public const string RpcSystem = "rpc.system";
    public const string RpcService = "rpc.service";
    public const string RpcMethod = "rpc.method";
    public const string AwsRequestId = "aws.request_id";
    public const string CloudRegion = "cloud.region";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string HttpResponseStatusCode = "http.response.status_code";
    public const string ErrorType = "error.type";
    public const string DbSystem = "db.system";
    public const string DynamoDbTableNames = "aws.dynamodb.table_names";
    public const string DynamoDbIndexName = "aws.dynamodb.index_name";
    public const string DynamoDbConsistentRead = "aws.dynamodb.consistent_read";
    public const string DynamoDbLimit = "aws.dynamodb.limit";

    public const string DynamoDbServiceId = "DynamoDB";
    public const string DynamoDbSystem = "dynamodb";

    private const string SdkHttpStatusCode = "http.status_code";
    private const string SdkErrorCode = "aws.error_code";

    /// <summary>The SDK's initial attributes that a client span starts with, so a sampler sees them.</summary>
    public static List<KeyValuePair<string, object?>>? StartTags(Attributes? initialAttributes)
    {
        if (initialAttributes is null)
        {
            return null;
        }

        var tags = new List<KeyValuePair<string, object?>>(4);
        foreach (var attribute in initialAttributes.AllAttributes)
        {
            if (attribute.Key is RpcSystem or RpcService or RpcMethod && attribute.Value is string value)
            {
                tags.Add(new(attribute.Key, value));
                if (attribute.Key == RpcService && value == DynamoDbServiceId)
                {
                    tags.Add(new(DbSystem, DynamoDbSystem));
                }
            }
        }

        return tags;
    }

    public static void Apply(Activity activity, string key, object? value)
    {
        switch (key)
        {
            case RpcSystem or RpcService or RpcMethod or AwsRequestId or ServerAddress when value is string text && text.Length > 0:
                activity.SetTag(key, text);
                break;
            case SdkHttpStatusCode when value is int statusCode && statusCode > 0:
                activity.SetTag(HttpResponseStatusCode, statusCode);
                break;
            case SdkErrorCode when value is string errorCode && errorCode.Length > 0:
                activity.SetTag(ErrorType, errorCode);
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// A low-cardinality error type: the AWS error code of a service error (<c>ResourceNotFoundException</c>,
    /// <c>ProvisionedThroughputExceededException</c>, ...), else the full name of the exception that caused the failure.
    /// </summary>
    public static string ErrorTypeOf(Exception exception)
    {
        if (exception is AmazonServiceException { ErrorCode: { Length: > 0 } errorCode })
        {
            return errorCode;
        }

        var cause = exception is AmazonServiceException or AmazonClientException && exception.InnerException is { } inner
            ? inner
            : exception;
        return cause.GetType().FullName ?? cause.GetType().Name;
    }
}
