using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace TaskService.Storage;

/// <summary>Which failures mean "DynamoDB cannot serve this now" (answered with 503), as opposed to a bug.</summary>
public static class DynamoDbErrors
{
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        ConditionalCheckFailedException => false,
        AmazonServiceException => true,
        AmazonClientException => true,
        HttpRequestException => true,
        TimeoutException => true,
        TaskCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };
}
