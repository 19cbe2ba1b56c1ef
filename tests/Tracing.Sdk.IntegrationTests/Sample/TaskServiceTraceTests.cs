using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Sample;

/// <summary>
/// The task-service end to end over the wire: dynalite, the sample on real Kestrel, and an OTLP gRPC receiver.
/// </summary>
public sealed class TaskServiceTraceTests : IClassFixture<TaskServiceFixture>
{
    private const string Secret = "s3cr3t";

    private readonly TaskServiceFixture _fixture;

    public TaskServiceTraceTests(TaskServiceFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Crud_EachRequest_IsOneTraceFromServerSpanToDynamoDbClientSpanToHttpCall()
    {
        var client = _fixture.App.Client;

        var create = await Send(HttpMethod.Post, "tasks", new { title = $"{Secret} title" });
        Assert.Equal(HttpStatusCode.Created, create.Response.StatusCode);
        var id = JsonDocument.Parse(create.Body).RootElement.GetProperty("id").GetString()!;

        var steps = new (TracedRequest Request, HttpStatusCode Status, string Server, string DynamoDb)[]
        {
            (create, HttpStatusCode.Created, "POST /tasks", "DynamoDB.PutItem"),
            (await Send(HttpMethod.Get, "tasks"), HttpStatusCode.OK, "GET /tasks", "DynamoDB.Scan"),
            (await Send(HttpMethod.Get, $"tasks/{id}"), HttpStatusCode.OK, "GET /tasks/{id}", "DynamoDB.GetItem"),
            (await Send(HttpMethod.Put, $"tasks/{id}", new { title = $"{Secret} renamed", done = true }), HttpStatusCode.OK, "PUT /tasks/{id}", "DynamoDB.UpdateItem"),
            (await Send(HttpMethod.Delete, $"tasks/{id}"), HttpStatusCode.NoContent, "DELETE /tasks/{id}", "DynamoDB.DeleteItem"),
        };

        foreach (var (request, status, serverName, dynamoDbName) in steps)
        {
            Assert.Equal(status, request.Response.StatusCode);
            var spans = await request.SpansAsync(_fixture.Receiver);

            var server = Assert.Single(spans, s => s.Kind == ReceivedSpanKind.Server);
            Assert.Equal(serverName, server.Name);
            Assert.Equal(request.CallerSpanId, server.ParentSpanId);
            Assert.Equal((long)(int)status, server.Attributes["http.response.status_code"]);
            Assert.Equal(ReceivedStatusCode.Unset, server.StatusCode);

            var dynamoDb = Assert.Single(spans, s => s.ScopeName == "Tracing.Sdk.Aws");
            Assert.Equal(dynamoDbName, dynamoDb.Name);
            Assert.Equal(ReceivedSpanKind.Client, dynamoDb.Kind);
            Assert.Equal(server.SpanId, dynamoDb.ParentSpanId);
            Assert.Equal("aws-api", dynamoDb.Attributes["rpc.system"]);
            Assert.Equal("DynamoDB", dynamoDb.Attributes["rpc.service"]);
            Assert.Equal(dynamoDbName["DynamoDB.".Length..], dynamoDb.Attributes["rpc.method"]);
            Assert.Equal(new object?[] { _fixture.TableName }, dynamoDb.Attributes["aws.dynamodb.table_names"]);
            Assert.Equal("us-east-1", dynamoDb.Attributes["cloud.region"]);
            Assert.False(string.IsNullOrEmpty(dynamoDb.Attributes["aws.request_id"] as string));
            Assert.Equal(ReceivedStatusCode.Unset, dynamoDb.StatusCode);

            var http = Assert.Single(spans, s => s.ScopeName == "System.Net.Http");
            Assert.Equal(dynamoDb.SpanId, http.ParentSpanId);
            Assert.Equal(3, spans.Count);

            AssertResourceFromEnvironment(server);
            Assert.All(spans, s => Assert.DoesNotContain(Secret, Describe(s), StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task GetTask_Missing_Is404WithUnsetServerStatus()
    {
        var request = await Send(HttpMethod.Get, "tasks/does-not-exist");

        Assert.Equal(HttpStatusCode.NotFound, request.Response.StatusCode);
        var spans = await request.SpansAsync(_fixture.Receiver);
        var server = Assert.Single(spans, s => s.Kind == ReceivedSpanKind.Server);
        Assert.Equal(ReceivedStatusCode.Unset, server.StatusCode);
        Assert.Single(spans, s => s.Name == "DynamoDB.GetItem");
    }

    [Fact]
    public async Task CreateTask_Invalid_Is400ProblemDetailsWithoutDynamoDbCall()
    {
        var request = await Send(HttpMethod.Post, "tasks", new { title = "" });

        Assert.Equal(HttpStatusCode.BadRequest, request.Response.StatusCode);
        Assert.Equal("application/problem+json", request.Response.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonDocument.Parse(request.Body).RootElement.GetProperty("errors").TryGetProperty("title", out _));

        var spans = await request.SpansAsync(_fixture.Receiver);
        var server = Assert.Single(spans);
        Assert.Equal("POST /tasks", server.Name);
        Assert.Equal(400L, server.Attributes["http.response.status_code"]);
        Assert.Equal(ReceivedStatusCode.Unset, server.StatusCode);
    }

    [Fact]
    public async Task Probes_AnyNumber_CreateNoSpansNotEvenForTheirDynamoDbCalls()
    {
        var probes = new List<TracedRequest>();
        foreach (var path in new[] { "health/liveness", "health/readiness", "health/readiness" })
        {
            var probe = await Send(HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.OK, probe.Response.StatusCode);
            probes.Add(probe);
        }

        // A request after the probes: once its spans are in, the probes' would be too.
        var marker = await Send(HttpMethod.Get, "tasks");
        await marker.SpansAsync(_fixture.Receiver);

        var spans = _fixture.Receiver.Spans;
        Assert.DoesNotContain(spans, s => probes.Any(p => p.TraceId == s.TraceId));
        Assert.DoesNotContain(spans, s => s.Name.Contains("health", StringComparison.Ordinal));

        // Readiness calls DescribeTable; only the startup trace ("ensure table") may hold such spans.
        var startupTraces = spans.Where(s => s.Name == "ensure table").Select(s => s.TraceId).ToHashSet();
        Assert.NotEmpty(startupTraces);
        Assert.DoesNotContain(spans, s => s.Name == "DynamoDB.DescribeTable" && !startupTraces.Contains(s.TraceId));
    }

    [Fact]
    public async Task Startup_TableCreation_IsOneTraceOfItsOwnUnderEnsureTable()
    {
        var spans = await _fixture.Receiver.WaitForSpansAsync(
            all => all.Any(s => s.Name == "ensure table"), TimeSpan.FromSeconds(30));

        var root = Assert.Single(spans, s => s.Name == "ensure table");
        Assert.Null(root.ParentSpanId is { Length: > 0 } ? root.ParentSpanId : null);
        var children = spans.Where(s => s.ParentSpanId == root.SpanId).Select(s => s.Name).ToList();
        Assert.Contains("DynamoDB.CreateTable", children);
        var notFound = spans.First(s => s.ParentSpanId == root.SpanId && s.Name == "DynamoDB.DescribeTable");
        Assert.Equal(ReceivedStatusCode.Error, notFound.StatusCode);
        Assert.Equal("ResourceNotFoundException", notFound.Attributes["error.type"]);
    }

    private static void AssertResourceFromEnvironment(ReceivedSpan span)
    {
        var resource = span.ResourceAttributes;
        Assert.Equal(TaskServiceEnvironment.ServiceName, resource["service.name"]);
        Assert.Equal(TaskServiceEnvironment.PodName, resource["k8s.pod.name"]);
        Assert.Equal(TaskServiceEnvironment.PodUid, resource["k8s.pod.uid"]);
        Assert.Equal(TaskServiceEnvironment.NamespaceName, resource["k8s.namespace.name"]);
        Assert.Equal(TaskServiceEnvironment.NodeName, resource["k8s.node.name"]);
        Assert.Equal(TaskServiceEnvironment.ContainerName, resource["k8s.container.name"]);
    }

    private static string Describe(ReceivedSpan span) =>
        span.Name + " " + string.Join(' ', span.Attributes.Select(a => $"{a.Key}={Flatten(a.Value)}"))
        + " " + string.Join(' ', span.Events.SelectMany(e => e.Attributes).Select(a => $"{a.Key}={Flatten(a.Value)}"));

    private static string? Flatten(object? value) => value is object?[] values ? string.Join(',', values) : value?.ToString();

    private Task<TracedRequest> Send(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return TracedRequest.SendAsync(_fixture.App.Client, request);
    }
}
