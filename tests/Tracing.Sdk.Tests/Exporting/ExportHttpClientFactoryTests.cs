using System.Net;
using Tracing.Sdk.Configuration;
using Tracing.Sdk.Exporting;

namespace Tracing.Sdk.Tests.Exporting;

public class ExportHttpClientFactoryTests
{
    private sealed class Answering : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }

    [Fact]
    public async Task Create_BeforeFirstRequest_RunsOnceAheadOfTheFirstRequestOfAnyClient()
    {
        var factory = new ExportHttpClientFactory(new K8sTracingOptions(), TimeSpan.FromSeconds(10), new SetupDiagnostics());
        var answering = new Answering();
        var calls = 0;
        var requestsAtCall = -1;
        factory.BeforeFirstRequest = () =>
        {
            calls++;
            requestsAtCall = answering.Requests;
        };

        using var first = factory.Create(_ => answering);
        using var second = factory.Create(_ => answering);
        Assert.Equal(0, calls);

        using var response1 = await first.GetAsync(new Uri("http://collector.invalid/v1/traces"));
        using var response2 = await second.GetAsync(new Uri("http://collector.invalid/v1/traces"));
        using var response3 = await first.GetAsync(new Uri("http://collector.invalid/v1/traces"));

        Assert.Equal(1, calls);
        Assert.Equal(0, requestsAtCall);
        Assert.Equal(3, answering.Requests);
    }
}
