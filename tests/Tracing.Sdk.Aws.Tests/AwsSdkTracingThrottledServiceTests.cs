using System.Diagnostics;
using System.Net;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Tracing.Sdk.Aws.Tests.TestSupport;

namespace Tracing.Sdk.Aws.Tests;

/// <summary>
/// A real <see cref="AmazonDynamoDBClient"/> whose HTTP transport answers every request with DynamoDB's throttling
/// error, since dynalite never throttles. In the dynalite group, without using its server, because the bridge's hooks
/// are process-wide and the group's tests change them.
/// </summary>
[Collection(DynaliteTestGroup.Name)]
public sealed class AwsSdkTracingThrottledServiceTests
{
    private const string RequestId = "THROTTLED0REQUEST0ID";

    [Fact]
    public async Task PutItem_Throttled_MarksErrorWithThrottlingErrorCode()
    {
        using var client = new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), new AmazonDynamoDBConfig
        {
            ServiceURL = "http://127.0.0.1:8000/",
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            HttpClientFactory = new ThrottlingHttpClientFactory(),
        });
        using var traced = new TracedTest();

        var (_, spans) = await traced.RunAsync(() =>
            Assert.ThrowsAsync<ProvisionedThroughputExceededException>(() => client.PutItemAsync("tasks", new() { ["id"] = new AttributeValue("t") })));

        var span = Assert.Single(spans, s => s.Source.Name == AwsSdkTracing.SourceName);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("ProvisionedThroughputExceededException", span.GetTagItem("error.type"));
        Assert.Equal(RequestId, span.GetTagItem("aws.request_id"));
    }

    private sealed class ThrottlingHttpClientFactory : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new ThrottlingHandler());

        private sealed class ThrottlingHandler : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = new HttpResponseMessage(HttpStatusCode.BadRequest)
                {
                    Content = new StringContent(
                        "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\",\"message\":\"Rate exceeded\"}",
                        Encoding.UTF8,
                        "application/x-amz-json-1.0"),
                };
                response.Headers.Add("x-amzn-RequestId", RequestId);
                return Task.FromResult(response);
            }
        }
    }
}
