using System.Diagnostics;
using Amazon.DynamoDBv2.Model;
using Tracing.Sdk.Aws.Pipeline;

namespace Tracing.Sdk.Aws.Tests.Pipeline;

public sealed class DynamoDbRequestAttributesTests
{
    [Fact]
    public void Apply_TransactWriteItems_RecordsEachTableOnce()
    {
        using var activity = new Activity("test");
        var request = new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem { Put = new Put { TableName = "a", Item = new() { ["id"] = new AttributeValue("secret") } } },
                new TransactWriteItem { Delete = new Delete { TableName = "b", Key = new() { ["id"] = new AttributeValue("secret") } } },
                new TransactWriteItem { ConditionCheck = new ConditionCheck { TableName = "a", ConditionExpression = "x = :v" } },
            ],
        };

        DynamoDbRequestAttributes.Apply(activity, request);

        Assert.Equal(new[] { "a", "b" }, activity.GetTagItem("aws.dynamodb.table_names"));
        Assert.Single(activity.TagObjects);
    }

    [Fact]
    public void Apply_QueryOnIndex_RecordsShapeButNotExpressions()
    {
        using var activity = new Activity("test");
        var request = new QueryRequest
        {
            TableName = "tasks",
            IndexName = "by-owner",
            ConsistentRead = true,
            Limit = 10,
            KeyConditionExpression = "owner = :o",
            ExpressionAttributeValues = new() { [":o"] = new AttributeValue("secret") },
        };

        DynamoDbRequestAttributes.Apply(activity, request);

        Assert.Equal(new[] { "tasks" }, activity.GetTagItem("aws.dynamodb.table_names"));
        Assert.Equal("by-owner", activity.GetTagItem("aws.dynamodb.index_name"));
        Assert.Equal(true, activity.GetTagItem("aws.dynamodb.consistent_read"));
        Assert.Equal(10, activity.GetTagItem("aws.dynamodb.limit"));
        Assert.Equal(4, activity.TagObjects.Count());
    }
}
