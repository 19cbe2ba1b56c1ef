using Tracing.Sdk.Configuration;
using Tracing.Sdk.IntegrationTests.Infrastructure;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Sample;

/// <summary>The environment a pod would give the task-service, pointed at a test dynalite and a test OTLP receiver.</summary>
internal static class TaskServiceEnvironment
{
    public const string PodName = "task-service-6d8f9c7b5-x2k4q";
    public const string PodUid = "0f6f1c9e-4a77-4d2b-9a5e-3c1d2b7e8f90";
    public const string NamespaceName = "task-service-demo";
    public const string NodeName = "node-7";
    public const string ContainerName = "task-service";
    public const string ServiceName = "task-service";

    public static Dictionary<string, string> For(Uri dynamoDbEndpoint, OtlpReceiver receiver, string tableName)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [OtelEnvironmentVariables.ServiceName] = ServiceName,
            [OtelEnvironmentVariables.OtlpEndpoint] = receiver.GrpcEndpoint.ToString(),
            [OtelEnvironmentVariables.BspScheduleDelay] = "100",

            // Outage storage of its own, so spans another run left stored can never arrive at this run's receiver.
            [OtelEnvironmentVariables.OtlpDiskRetryDirectory] = Directory.CreateTempSubdirectory("tracing-sdk-task-service-").FullName,
            [OtelEnvironmentVariables.K8sPodName] = PodName,
            [OtelEnvironmentVariables.K8sPodUid] = PodUid,
            [OtelEnvironmentVariables.K8sNamespaceName] = NamespaceName,
            [OtelEnvironmentVariables.K8sNodeName] = NodeName,
            [OtelEnvironmentVariables.K8sContainerName] = ContainerName,
            ["Tasks__TableName"] = tableName,
            ["AWS_ENDPOINT_URL_DYNAMODB"] = dynamoDbEndpoint.ToString().TrimEnd('/'),
            ["AWS_REGION"] = DynaliteServer.Region,
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
        return environment;
    }
}
