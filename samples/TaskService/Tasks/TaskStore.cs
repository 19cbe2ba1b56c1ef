using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using TaskService.Storage;

namespace TaskService.Tasks;

/// <summary>Tasks in DynamoDB, one item per task keyed by <c>id</c>.</summary>
public sealed class TaskStore
{
    private const int MaxListed = 100;

    private readonly IAmazonDynamoDB _dynamoDb;
    private readonly TaskTable _table;
    private readonly TimeProvider _time;

    public TaskStore(IAmazonDynamoDB dynamoDb, TaskTable table, TimeProvider? time = null)
    {
        _dynamoDb = dynamoDb;
        _table = table;
        _time = time ?? TimeProvider.System;
    }

    public async Task<TaskItem> CreateAsync(TaskInput input, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var task = new TaskItem(Guid.NewGuid().ToString("N"), input.Title!.Trim(), input.Done ?? false, now, now);
        await _dynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = _table.Name,
            Item = ToItem(task),
            ConditionExpression = "attribute_not_exists(id)",
        }, cancellationToken);
        return task;
    }

    public async Task<IReadOnlyList<TaskItem>> ListAsync(CancellationToken cancellationToken)
    {
        var response = await _dynamoDb.ScanAsync(new ScanRequest { TableName = _table.Name, Limit = MaxListed }, cancellationToken);
        return [.. (response.Items ?? []).Select(FromItem).OrderBy(t => t.CreatedAt)];
    }

    public async Task<TaskItem?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var response = await _dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = _table.Name,
            Key = Key(id),
            ConsistentRead = true,
        }, cancellationToken);
        return response.IsItemSet ? FromItem(response.Item) : null;
    }

    /// <summary>Replaces an existing task; null when there is none.</summary>
    public async Task<TaskItem?> UpdateAsync(string id, TaskInput input, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table.Name,
                Key = Key(id),
                UpdateExpression = "SET title = :title, done = :done, updatedAt = :now",
                ConditionExpression = "attribute_exists(id)",
                ExpressionAttributeValues = new()
                {
                    [":title"] = new AttributeValue(input.Title!.Trim()),
                    [":done"] = new AttributeValue { BOOL = input.Done ?? false },
                    [":now"] = new AttributeValue(Format(_time.GetUtcNow())),
                },
                ReturnValues = ReturnValue.ALL_NEW,
            }, cancellationToken);
            return FromItem(response.Attributes);
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    /// <summary>Deletes a task; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await _dynamoDb.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = _table.Name,
                Key = Key(id),
                ConditionExpression = "attribute_exists(id)",
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private static Dictionary<string, AttributeValue> Key(string id) => new() { [TaskTable.KeyAttribute] = new AttributeValue(id) };

    private static Dictionary<string, AttributeValue> ToItem(TaskItem task) => new()
    {
        [TaskTable.KeyAttribute] = new AttributeValue(task.Id),
        ["title"] = new AttributeValue(task.Title),
        ["done"] = new AttributeValue { BOOL = task.Done },
        ["createdAt"] = new AttributeValue(Format(task.CreatedAt)),
        ["updatedAt"] = new AttributeValue(Format(task.UpdatedAt)),
    };

    private static TaskItem FromItem(Dictionary<string, AttributeValue> item) => new(
        item[TaskTable.KeyAttribute].S,
        item.TryGetValue("title", out var title) ? title.S : string.Empty,
        item.TryGetValue("done", out var done) && done.BOOL == true,
        Parse(item, "createdAt"),
        Parse(item, "updatedAt"));

    private static string Format(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && DateTimeOffset.TryParse(value.S, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
            ? parsed
            : DateTimeOffset.MinValue;
}
