using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;

namespace TaskService.Storage;

/// <summary>
/// Makes sure the table exists, in the background and inside the traced lifetime (its DynamoDB calls are one trace,
/// <c>ensure table</c>). DynamoDB being down does not stop the service: it retries with a growing delay, readiness stays
/// unhealthy and requests get 503 meanwhile.
/// </summary>
public sealed partial class TaskTableInitializer : BackgroundService
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private readonly TaskTable _table;
    private readonly IOptions<TasksOptions> _options;
    private readonly ILogger<TaskTableInitializer> _logger;
    private readonly ActivitySource _activitySource;

    public TaskTableInitializer(TaskTable table, IOptions<TasksOptions> options, IHostEnvironment environment, ILogger<TaskTableInitializer> logger)
    {
        _table = table;
        _options = options;
        _logger = logger;

        // Named after the application, which AddK8sTracing records by default.
        _activitySource = new ActivitySource(environment.ApplicationName);
    }

    public override void Dispose()
    {
        _activitySource.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        while (!stoppingToken.IsCancellationRequested)
        {
            using var activity = _activitySource.StartActivity("ensure table");
            activity?.SetTag("aws.dynamodb.table_names", new[] { _table.Name });
            try
            {
                if (await EnsureAsync(stoppingToken))
                {
                    LogReady(_table.Name);
                    return;
                }
            }
            catch (Exception e) when (DynamoDbErrors.IsUnavailable(e) && !stoppingToken.IsCancellationRequested)
            {
                activity?.SetStatus(ActivityStatusCode.Error);
                activity?.SetTag("error.type", e.GetType().FullName);
                LogUnavailable(_table.Name, delay.TotalSeconds, e.Message);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
        }
    }

    private async Task<bool> EnsureAsync(CancellationToken cancellationToken)
    {
        var status = await _table.DescribeAsync(cancellationToken);
        if (status is null)
        {
            if (!_options.Value.CreateTable)
            {
                throw new ResourceNotFoundException($"Table {_table.Name} does not exist and Tasks:CreateTable is false.");
            }

            await _table.CreateAsync(cancellationToken);
        }

        // A new table is CREATING for a while; wait for ACTIVE without holding up anything else.
        for (var i = 0; i < 60 && !cancellationToken.IsCancellationRequested; i++)
        {
            if (await _table.DescribeAsync(cancellationToken) == TableStatus.ACTIVE)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DynamoDB table {Table} is ready.")]
    private partial void LogReady(string table);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DynamoDB table {Table} is not reachable yet; retrying in {Seconds} s: {Error}")]
    private partial void LogUnavailable(string table, double seconds, string error);
}
