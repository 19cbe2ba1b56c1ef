using System.Diagnostics;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Tracing.Sdk.Aws.Telemetry;

namespace Tracing.Sdk.Aws.Pipeline;

/// <summary>
/// The <c>aws.dynamodb.*</c> request attributes of the semantic conventions that describe a request's shape: table
/// names, index name, consistent read and limit. Items, keys, expressions and expression values are never read.
/// </summary>
internal static class DynamoDbRequestAttributes
{
    public static void Apply(Activity activity, AmazonWebServiceRequest request)
    {
        switch (request)
        {
            case GetItemRequest r:
                SetTable(activity, r.TableName);
                SetConsistentRead(activity, r.ConsistentRead);
                break;
            case PutItemRequest r:
                SetTable(activity, r.TableName);
                break;
            case UpdateItemRequest r:
                SetTable(activity, r.TableName);
                break;
            case DeleteItemRequest r:
                SetTable(activity, r.TableName);
                break;
            case QueryRequest r:
                SetTable(activity, r.TableName);
                SetIndex(activity, r.IndexName);
                SetConsistentRead(activity, r.ConsistentRead);
                SetLimit(activity, r.Limit);
                break;
            case ScanRequest r:
                SetTable(activity, r.TableName);
                SetIndex(activity, r.IndexName);
                SetConsistentRead(activity, r.ConsistentRead);
                SetLimit(activity, r.Limit);
                break;
            case CreateTableRequest r:
                SetTable(activity, r.TableName);
                break;
            case DescribeTableRequest r:
                SetTable(activity, r.TableName);
                break;
            case UpdateTableRequest r:
                SetTable(activity, r.TableName);
                break;
            case DeleteTableRequest r:
                SetTable(activity, r.TableName);
                break;
            case ListTablesRequest r:
                SetLimit(activity, r.Limit);
                break;
            case BatchGetItemRequest r when r.RequestItems is { Count: > 0 } items:
                SetTables(activity, [.. items.Keys]);
                break;
            case BatchWriteItemRequest r when r.RequestItems is { Count: > 0 } items:
                SetTables(activity, [.. items.Keys]);
                break;
            case TransactGetItemsRequest r when r.TransactItems is { Count: > 0 } items:
                SetTables(activity, TableNames(items.Select(i => i.Get?.TableName)));
                break;
            case TransactWriteItemsRequest r when r.TransactItems is { Count: > 0 } items:
                SetTables(activity, TableNames(items.Select(i =>
                    i.Put?.TableName ?? i.Update?.TableName ?? i.Delete?.TableName ?? i.ConditionCheck?.TableName)));
                break;
            default:
                break;
        }
    }

    private static string[] TableNames(IEnumerable<string?> names) =>
        [.. names.Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.Ordinal)!];

    private static void SetTable(Activity activity, string? tableName)
    {
        if (!string.IsNullOrEmpty(tableName))
        {
            activity.SetTag(AwsSpanAttributes.DynamoDbTableNames, new[] { tableName });
        }
    }

    private static void SetTables(Activity activity, string[] tableNames)
    {
        if (tableNames.Length > 0)
        {
            activity.SetTag(AwsSpanAttributes.DynamoDbTableNames, tableNames);
        }
    }

    private static void SetIndex(Activity activity, string? indexName)
    {
        if (!string.IsNullOrEmpty(indexName))
        {
            activity.SetTag(AwsSpanAttributes.DynamoDbIndexName, indexName);
        }
    }

    private static void SetConsistentRead(Activity activity, bool? consistentRead)
    {
        if (consistentRead is { } value)
        {
            activity.SetTag(AwsSpanAttributes.DynamoDbConsistentRead, value);
        }
    }

    private static void SetLimit(Activity activity, int? limit)
    {
        if (limit is { } value)
        {
            activity.SetTag(AwsSpanAttributes.DynamoDbLimit, value);
        }
    }
}
