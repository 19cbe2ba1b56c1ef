using System.Net;
using System.Net.Http.Json;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Sample;

/// <summary>DynamoDB down: the service stays up, is not ready, and answers 503 with Error spans.</summary>
public sealed class UnreachableDynamoDbTests : IClassFixture<UnreachableDynamoDbFixture>
{
    private readonly UnreachableDynamoDbFixture _fixture;

    public UnreachableDynamoDbTests(UnreachableDynamoDbFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Probes_DynamoDbDown_LiveButNotReady()
    {
        using var liveness = await _fixture.App.Client.GetAsync("health/liveness");
        using var readiness = await _fixture.App.Client.GetAsync("health/readiness");

        Assert.Equal(HttpStatusCode.OK, liveness.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
    }

    [Fact]
    public async Task CreateTask_DynamoDbDown_Is503ProblemDetailsWithErrorSpans()
    {
        var request = await TracedRequest.SendAsync(
            _fixture.App.Client,
            new HttpRequestMessage(HttpMethod.Post, "tasks") { Content = JsonContent.Create(new { title = "kept by the client" }) });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, request.Response.StatusCode);
        Assert.Equal("application/problem+json", request.Response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(request.Response.Headers.RetryAfter);

        var spans = await request.SpansAsync(_fixture.Receiver);
        var server = Assert.Single(spans, s => s.Kind == ReceivedSpanKind.Server);
        Assert.Equal("POST /tasks", server.Name);
        Assert.Equal(ReceivedStatusCode.Error, server.StatusCode);
        Assert.Equal(503L, server.Attributes["http.response.status_code"]);
        Assert.Equal(typeof(HttpRequestException).FullName, server.Attributes["error.type"]);

        var dynamoDb = Assert.Single(spans, s => s.Name == "DynamoDB.PutItem");
        Assert.Equal(server.SpanId, dynamoDb.ParentSpanId);
        Assert.Equal(ReceivedStatusCode.Error, dynamoDb.StatusCode);
        Assert.Equal(typeof(HttpRequestException).FullName, dynamoDb.Attributes["error.type"]);
        Assert.Contains(dynamoDb.Events, e => e.Name == "exception");
    }
}
