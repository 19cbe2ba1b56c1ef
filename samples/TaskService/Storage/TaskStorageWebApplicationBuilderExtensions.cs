using Amazon.DynamoDBv2;
using TaskService.Tasks;

namespace TaskService.Storage;

public static class TaskStorageWebApplicationBuilderExtensions
{
    /// <summary>
    /// The DynamoDB client, configured the AWS SDK's standard way (<c>AWS_REGION</c>, <c>AWS_ENDPOINT_URL_DYNAMODB</c>,
    /// the credential chain), the task store, and the hosted service that makes sure the table exists.
    /// </summary>
    public static WebApplicationBuilder AddTaskStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TasksOptions>()
            .Bind(builder.Configuration.GetSection(TasksOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.TableName), "Tasks:TableName must not be empty.")
            .ValidateOnStart();

        builder.Services.AddSingleton<IAmazonDynamoDB>(_ => new AmazonDynamoDBClient(new AmazonDynamoDBConfig
        {
            // Fail fast enough for a 503 to reach the caller while it still cares.
            Timeout = TimeSpan.FromSeconds(5),
            MaxErrorRetry = 2,
        }));
        builder.Services.AddSingleton<TaskTable>();
        builder.Services.AddSingleton<TaskStore>();
        builder.Services.AddHostedService<TaskTableInitializer>();
        return builder;
    }
}
