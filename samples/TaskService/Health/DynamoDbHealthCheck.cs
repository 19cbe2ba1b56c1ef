using Amazon.DynamoDBv2;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TaskService.Storage;

namespace TaskService.Health;

/// <summary>Ready when the tasks table answers and is ACTIVE.</summary>
public sealed class DynamoDbHealthCheck : IHealthCheck
{
    private readonly TaskTable _table;

    public DynamoDbHealthCheck(TaskTable table)
    {
        _table = table;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var status = await _table.DescribeAsync(cancellationToken);
            return status == TableStatus.ACTIVE
                ? HealthCheckResult.Healthy($"Table {_table.Name} is ACTIVE.")
                : HealthCheckResult.Unhealthy(status is null ? $"Table {_table.Name} does not exist yet." : $"Table {_table.Name} is {status}.");
        }
        catch (Exception e) when (DynamoDbErrors.IsUnavailable(e))
        {
            return HealthCheckResult.Unhealthy("DynamoDB is unreachable.", e);
        }
    }
}
