using System.Net;
using Tracing.Sdk.IntegrationTests.Foundation;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Resilience;

public class CollectorTroubleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Requests per app in a latency comparison.</summary>
    internal const int Requests = 30;

    /// <summary>
    /// How much slower requests may be with collector trouble: generous for a noisy machine, while a request that
    /// waited on export would be slower by orders of magnitude.
    /// </summary>
    internal const double LatencyRatioBound = 10;

    private static string? Path(ReceivedSpan span) => span.Attributes.GetValueOrDefault("url.path") as string;

    private static int Count(OtlpReceiver receiver, TracedApp app) =>
        receiver.Spans.Count(s => Path(s)?.StartsWith($"/{app.Marker}/tasks/", StringComparison.Ordinal) == true);

    [Fact]
    public async Task CollectorRestart_SpansEndedWhileItWasDown_AreDelivered()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TracedApp.StartAsync(TracedApp.ExportTo(receiver));
        await receiver.StopAsync();

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.GetAsync($"/{app.Marker}/tasks/{i}")).StatusCode);
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await receiver.RestartAsync();

        await receiver.WaitForSpansAsync(_ => Count(receiver, app) >= 20, Timeout);
        Assert.Equal(20, Count(receiver, app));
    }

    [Theory]
    [InlineData("grpc", OtlpReceiverMode.Unavailable)]
    [InlineData("http/protobuf", OtlpReceiverMode.Unavailable)]
    [InlineData("http/protobuf", OtlpReceiverMode.TooManyRequests)]
    public async Task CollectorAnsweringRetryableErrors_SpansAreRetriedAndDelivered(string protocol, OtlpReceiverMode mode)
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions
        {
            Behavior = new OtlpReceiverBehavior { Mode = mode, RetryAfter = TimeSpan.FromSeconds(1) },
        });
        await using var app = await TracedApp.StartAsync(TracedApp.ExportTo(receiver, protocol));

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.GetAsync($"/{app.Marker}/tasks/{i}")).StatusCode);
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        var refusedAttempts = receiver.ExportAttempts;
        receiver.Behavior = OtlpReceiverBehavior.Accept;

        await receiver.WaitForSpansAsync(_ => Count(receiver, app) >= 5, Timeout);
        Assert.True(refusedAttempts >= 1, "the collector should have refused at least one export");
        Assert.Equal(5, Count(receiver, app));
    }

    [Fact]
    public async Task CollectorSlow_RequestsAreUnaffectedAndSpansArrive()
    {
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions
        {
            Behavior = new OtlpReceiverBehavior { Delay = TimeSpan.FromSeconds(1) },
        });
        await using var healthyReceiver = await OtlpReceiver.StartAsync();
        var configuration = TracedApp.ExportTo(receiver);
        configuration["K8sTracing:ShutdownTimeout"] = "00:00:01";
        await using var app = await TracedApp.StartAsync(configuration);
        await using var baseline = await TracedApp.StartAsync(TracedApp.ExportTo(healthyReceiver));

        // A request that waited for an export would take the collector's 1 s, hundreds of times a normal request.
        var (slow, healthy) = await RequestLatency.MediansAsync(app, baseline, Requests);

        Assert.True(slow < healthy * LatencyRatioBound, $"median request latency {slow} with the collector slow, {healthy} with it healthy");
        await receiver.WaitForSpansAsync(_ => Count(receiver, app) >= RequestLatency.Sent(Requests), Timeout);
    }

    [Fact]
    public async Task CollectorDown_QueueIsBoundedAndDropsAreReported()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var configuration = TracedApp.ExportTo(receiver);
        configuration["OTEL_BSP_MAX_QUEUE_SIZE"] = "10";
        configuration["OTEL_BSP_MAX_EXPORT_BATCH_SIZE"] = "5";
        configuration["K8sTracing:ShutdownTimeout"] = "00:00:02";
        configuration["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "disabled"; // the queue alone: no outage storage behind it
        await receiver.StopAsync();
        var logs = new LogCapture();
        var app = await TracedApp.StartAsync(configuration, logs);

        for (var i = 0; i < 60; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.GetAsync($"/{app.Marker}/tasks/{i}")).StatusCode);
        }

        await app.DisposeAsync();

        var warnings = logs.Messages("Tracing.Sdk");
        Assert.Contains(warnings, m => m.Contains("dropped", StringComparison.Ordinal) && m.Contains("queue was full", StringComparison.Ordinal));
        Assert.Single(warnings, m => m.Contains("cannot export spans", StringComparison.Ordinal));
    }
}
