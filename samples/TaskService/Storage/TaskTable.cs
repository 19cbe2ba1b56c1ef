using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;

namespace TaskService.Storage;

/// <summary>The tasks table: its name, whether it is ready, and how to create it.</summary>
public sealed class TaskTable
{
    public const string KeyAttribute = "id";

    private readonly IAmazonDynamoDB _dynamoDb;
    private volatile bool _ready;

    public TaskTable(IAmazonDynamoDB dynamoDb, IOptions<TasksOptions> options)
    {
        _dynamoDb = dynamoDb;
        Name = options.Value.TableName;
    }

    public string Name { get; }

    /// <summary>Whether the table was seen ACTIVE since startup.</summary>
    public bool IsReady => _ready;

    /// <summary>Returns the table's status, or null when it does not exist.</summary>
    public async Task<TableStatus?> DescribeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await _dynamoDb.DescribeTableAsync(Name, cancellationToken);
            var status = response.Table.TableStatus;
            if (status == TableStatus.ACTIVE)
            {
                _ready = true;
            }

            return status;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _dynamoDb.CreateTableAsync(new CreateTableRequest
            {
                TableName = Name,
                AttributeDefinitions = [new AttributeDefinition(KeyAttribute, ScalarAttributeType.S)],
                KeySchema = [new KeySchemaElement(KeyAttribute, KeyType.HASH)],
                BillingMode = BillingMode.PAY_PER_REQUEST,
            }, cancellationToken);
        }
        catch (ResourceInUseException)
        {
            // Another replica created it first.
        }
    }
}
