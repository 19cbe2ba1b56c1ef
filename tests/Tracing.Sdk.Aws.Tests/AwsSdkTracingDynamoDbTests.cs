using System.Diagnostics;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Tracing.Sdk.Aws.Tests.TestSupport;

namespace Tracing.Sdk.Aws.Tests;

/// <summary>A real <see cref="AmazonDynamoDBClient"/> against a real dynalite, through the bridge.</summary>
[Collection(DynaliteTestGroup.Name)]
public sealed class AwsSdkTracingDynamoDbTests
{
    private const string SecretValue = "s3cr3t-item-value";
    private const string SecretKey = "s3cr3t-key-value";
    private const string SecretCondition = "s3cr3t-condition-value";

    private readonly DynaliteFixture _dynalite;

    public AwsSdkTracingDynamoDbTests(DynaliteFixture dynalite)
    {
        _dynalite = dynalite;
    }

    [Fact]
    public async Task PutItem_UnderParentSpan_IsClientChildNamedAndTaggedPerSemanticConventions()
    {
        using var client = _dynalite.Server.CreateClient();
        var table = await CreateTableAsync(client);
        using var traced = new TracedTest();

        var (parent, spans) = await traced.RunAsync(() => client.PutItemAsync(table, Item("task-1")));

        var span = Assert.Single(spans, s => s.Source.Name == AwsSdkTracing.SourceName);
        Assert.Equal("DynamoDB.PutItem", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(parent.SpanId, span.ParentSpanId);
        Assert.Equal("aws-api", span.GetTagItem("rpc.system"));
        Assert.Equal("DynamoDB", span.GetTagItem("rpc.service"));
        Assert.Equal("PutItem", span.GetTagItem("rpc.method"));
        Assert.Equal("dynamodb", span.GetTagItem("db.system"));
        Assert.Equal(new[] { table }, span.GetTagItem("aws.dynamodb.table_names"));
        Assert.Equal("us-east-1", span.GetTagItem("cloud.region"));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.Equal(_dynalite.Server.Port, span.GetTagItem("server.port"));
        Assert.False(string.IsNullOrEmpty(span.GetTagItem("aws.request_id") as string));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task Call_HttpAttempt_IsChildOfClientSpan()
    {
        using var client = _dynalite.Server.CreateClient();
        var table = await CreateTableAsync(client);
        using var traced = new TracedTest();

        var (_, spans) = await traced.RunAsync(() => client.GetItemAsync(new GetItemRequest { TableName = table, Key = Key("task-1"), ConsistentRead = true }));

        var span = Assert.Single(spans, s => s.Source.Name == AwsSdkTracing.SourceName);
        var http = Assert.Single(spans, s => s.Source.Name == "System.Net.Http");
        Assert.Equal(span.SpanId, http.ParentSpanId);
        Assert.Equal("DynamoDB.GetItem", span.DisplayName);
        Assert.Equal(true, span.GetTagItem("aws.dynamodb.consistent_read"));
    }

    [Fact]
    public async Task Call_Default_RecordsNoSdkInternalSpans()
    {
        using var client = _dynalite.Server.CreateClient();
        var table = await CreateTableAsync(client);
        using var traced = new TracedTest();

        var (_, spans) = await traced.RunAsync(() => client.GetItemAsync(table, Key("task-1")));

        Assert.DoesNotContain(spans, s => s.Source.Name == AwsSdkTracing.InternalSourceName);
    }

    [Fact]
    public async Task Call_RecordSdkInternalSpans_RecordsHttpRequestSpanUnderClientSpan()
    {
        using var client = _dynalite.Server.CreateClient();
        var table = await CreateTableAsync(client);
        using var traced = new TracedTest(recordInternalSpans: true);

        var (_, spans) = await traced.RunAsync(() => client.GetItemAsync(table, Key("task-1")));

        var span = Assert.Single(spans, s => s.Source.Name == AwsSdkTracing.SourceName);
        var attempt = Assert.Single(spans, s => s.DisplayName == "HttpRequest");
        Assert.Equal(AwsSdkTracing.InternalSourceName, attempt.Source.Name);
        Assert.Equal(span.SpanId, attempt.ParentSpanId);
    }

    [Fact]
    public async Task GetItem_MissingTable_MarksErrorWithAwsErrorCode()
    {
        using var client = _dynalite.Server.CreateClient();
        using var traced = new TracedTest();

        var (_, spans) = await traced.RunAsync(() =>
            Assert.ThrowsAsync<ResourceNotFoundException>(() => client.GetItemAsync("no-such-table", Key("x"))));

        var span = Assert.Single(spans, s => s.Source.Name == AwsSdkTracing.SourceName);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("ResourceNotFoundException", span.GetTagItem("error.type"));
        Assert.Equal(400, span.GetTagItem("http.response.status_code"));
        Assert.False(string.IsNullOrEmpty(span.GetTagItem("aws.request_id") as string));
        var exception = Assert.Single(span.Events, e => e.Name == "exception");
        Assert.Contains(exception.Tags, t => t.Key == "exception.type" && (t.Value as string)!.EndsWith("ResourceNotFoundException", StringComparison.Ordinal));
        Assert.DoesNotContain(span.TagObjects, t => t.Key.StartsWith("exception.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Call_ServerUnreachable_MarksErrorWithCauseType()
    {
        var closedPort = IntegrationTests.Infrastructure.DynaliteServer.FreeLoopbackPort();
        using var client = _dynalite.Server.CreateClient(config => config.ServiceURL = $"http://127.0.0.1:{closedPort}/");
        using var traced = new TracedTest();

        var (_, spans) = await traced.RunAsync(async () =>
        {
            var error = await Record.ExceptionAsync(() => client.GetItemAsync("tasks", Key("x")));
            Assert.NotNull(error);
        });

        var span = Assert.Single(spans, s => s.Source.Name == AwsSdkTracing.SourceName);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(typeof(HttpRequestException).FullName, span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task Calls_WithItemsKeysAndConditions_NeverRecordTheirValues()
    {
        using var client = _dynalite.Server.CreateClient();
        var table = await CreateTableAsync(client);
        using var traced = new TracedTest();

        var (_, spans) = await traced.RunAsync(async () =>
        {
            await client.PutItemAsync(new PutItemRequest
            {
                TableName = table,
                Item = new() { ["id"] = new AttributeValue(SecretKey), ["title"] = new AttributeValue(SecretValue) },
                ConditionExpression = "attribute_not_exists(id) OR title <> :c",
                ExpressionAttributeValues = new() { [":c"] = new AttributeValue(SecretCondition) },
            });
            await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = table,
                Key = new() { ["id"] = new AttributeValue(SecretKey) },
                UpdateExpression = "SET title = :t",
                ConditionExpression = "title = :old",
                ExpressionAttributeValues = new() { [":t"] = new AttributeValue(SecretValue + "2"), [":old"] = new AttributeValue(SecretCondition) },
            }));
            await client.QueryAsync(new QueryRequest
            {
                TableName = table,
                KeyConditionExpression = "id = :k",
                ExpressionAttributeValues = new() { [":k"] = new AttributeValue(SecretKey) },
            });
            await client.GetItemAsync(table, new() { ["id"] = new AttributeValue(SecretKey) });
        });

        Assert.Equal(4, spans.Count(s => s.Source.Name == AwsSdkTracing.SourceName));
        Assert.Contains(spans, s => s.DisplayName == "DynamoDB.UpdateItem" && s.GetTagItem("error.type") as string == "ConditionalCheckFailedException");
        foreach (var span in spans)
        {
            var recorded = Describe(span);
            Assert.DoesNotContain("s3cr3t", recorded, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BatchWriteItem_TwoTables_RecordsBothTableNames()
    {
        using var client = _dynalite.Server.CreateClient();
        var first = await CreateTableAsync(client);
        var second = await CreateTableAsync(client);
        using var traced = new TracedTest();

        var (_, spans) = await traced.RunAsync(() => client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new()
            {
                [first] = [new WriteRequest(new PutRequest(Item("a")))],
                [second] = [new WriteRequest(new PutRequest(Item("b")))],
            },
        }));

        var span = Assert.Single(spans, s => s.Source.Name == AwsSdkTracing.SourceName);
        Assert.Equal("DynamoDB.BatchWriteItem", span.DisplayName);
        Assert.Equal(new[] { first, second }.Order(), ((string[])span.GetTagItem("aws.dynamodb.table_names")!).Order());
    }

    private static string Describe(Activity span)
    {
        var text = new StringBuilder(span.DisplayName);
        foreach (var tag in span.TagObjects)
        {
            text.Append(' ').Append(tag.Key).Append('=').Append(tag.Value is string[] values ? string.Join(',', values) : tag.Value);
        }

        foreach (var activityEvent in span.Events)
        {
            foreach (var tag in activityEvent.Tags)
            {
                text.Append(' ').Append(tag.Key).Append('=').Append(tag.Value);
            }
        }

        return text.ToString();
    }

    private static async Task<string> CreateTableAsync(AmazonDynamoDBClient client)
    {
        var name = "t" + Guid.NewGuid().ToString("N");
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            AttributeDefinitions = [new AttributeDefinition("id", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("id", KeyType.HASH)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        });

        // A new table is CREATING for a moment, even on dynalite; calls before it is ACTIVE fail.
        while ((await client.DescribeTableAsync(name)).Table.TableStatus != TableStatus.ACTIVE)
        {
            await Task.Delay(20);
        }

        return name;
    }

    private static Dictionary<string, AttributeValue> Key(string id) => new() { ["id"] = new AttributeValue(id) };

    private static Dictionary<string, AttributeValue> Item(string id) =>
        new() { ["id"] = new AttributeValue(id), ["title"] = new AttributeValue("title") };
}
