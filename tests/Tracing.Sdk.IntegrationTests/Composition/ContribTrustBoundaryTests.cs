using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Tracing.Sdk.IntegrationTests.Foundation;
using Tracing.Sdk.IntegrationTests.Propagation;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Composition;

/// <summary>
/// The trust boundary holds when the contrib ASP.NET Core instrumentation runs beside the one line: it extracts the
/// caller's context again through OpenTelemetry's default propagator, which is one per process (hence the collection).
/// </summary>
[Collection(ProcessWidePropagation.Name)]
public class ContribTrustBoundaryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static string? Path(ReceivedSpan span) => span.Attributes.GetValueOrDefault("url.path") as string;

    private static void SetUp(string setup, WebApplicationBuilder builder)
    {
        if (setup == "ContribBefore")
        {
            builder.Services.AddOpenTelemetry().WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());
        }

        builder.AddK8sTracing();
        if (setup == "ContribAfter")
        {
            builder.Services.AddOpenTelemetry().WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());
        }
    }

    [Theory]
    [InlineData("ContribBefore", "Ignore")]
    [InlineData("ContribAfter", "Ignore")]
    [InlineData("ContribBefore", "Link")]
    [InlineData("ContribAfter", "Link")]
    public async Task ContribInstrumentation_BesideTheOneLine_KeepsTheTrustBoundary(string setup, string incoming)
    {
        // The contrib instrumentation re-extracts the caller's context through OpenTelemetry's default propagator and
        // re-parents the server span when it differs: a caller the trust boundary ignores must not get in that way.
        await using var receiver = await OtlpReceiver.StartAsync();
        var configuration = TracedApp.ExportTo(receiver);
        configuration["K8sTracing:IncomingContext"] = incoming;
        await using var app = await TracedApp.StartAsync(configuration, tracing: b => SetUp(setup, b));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.BaseAddress, $"/{app.Marker}/tasks/7"));
        request.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        request.Headers.Add("baggage", "tenant=evil");

        using (SuppressInstrumentationScope.Begin())
        {
            Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(request)).StatusCode);
        }

        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => Path(x) == $"/{app.Marker}/tasks/7"), Timeout);
        await Task.Delay(300);
        var server = Assert.Single(receiver.Spans, s => Path(s) == $"/{app.Marker}/tasks/7");
        Assert.NotEqual("0af7651916cd43dd8448eb211c80319c", server.TraceId);
        Assert.True(string.IsNullOrEmpty(server.ParentSpanId), "a new root");
        if (incoming == "Link")
        {
            var link = Assert.Single(server.Links);
            Assert.Equal("0af7651916cd43dd8448eb211c80319c", link.TraceId);
        }
        else
        {
            Assert.Empty(server.Links);
        }
    }
}
