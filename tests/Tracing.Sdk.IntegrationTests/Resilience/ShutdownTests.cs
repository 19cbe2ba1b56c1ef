using System.Diagnostics;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Resilience;

public class ShutdownTests
{
    private static readonly HttpClient Client = new();

    [Fact]
    public async Task Sigterm_SpansEndedBefore_AreAllFlushedAndExitCodeIsZero()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var app = await AppProcess.StartAsync(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.GrpcEndpoint.ToString(),
            ["OTEL_BSP_SCHEDULE_DELAY"] = "600000",
            ["OTEL_SERVICE_NAME"] = "sigterm-app",
        });
        const int Requests = 40;
        for (var i = 0; i < Requests; i++)
        {
            (await Client.GetAsync(new Uri(app.BaseAddress, $"/work/{i}"))).EnsureSuccessStatusCode();
        }

        Assert.Empty(receiver.Spans);
        app.SendSigterm();
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, $"exit code {exitCode?.ToString() ?? "none (still running)"}\n{app.Output}");
        var spans = receiver.Spans.Where(s => s.Kind == ReceivedSpanKind.Server).ToList();
        Assert.Equal(Requests, spans.Count);
        Assert.All(spans, s => Assert.Equal("sigterm-app", s.ResourceAttributes["service.name"]));
    }

    [Fact]
    public async Task Sigterm_CollectorNeverAnswers_ExitsWithinTheShutdownDeadline()
    {
        // The collector takes each export and never answers, and the exporter would wait a minute for it:
        // only the shutdown deadline can end the flush.
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions
        {
            Behavior = new OtlpReceiverBehavior { Delay = TimeSpan.FromMinutes(10) },
        });
        var deadline = TimeSpan.FromSeconds(2);
        using var app = await AppProcess.StartAsync(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.GrpcEndpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_TIMEOUT"] = "60000",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "600000",
            ["K8sTracing__ShutdownTimeout"] = deadline.ToString(),
        });
        for (var i = 0; i < 10; i++)
        {
            (await Client.GetAsync(new Uri(app.BaseAddress, $"/work/{i}"))).EnsureSuccessStatusCode();
        }

        var watch = Stopwatch.StartNew();
        app.SendSigterm();

        // Kubernetes' default grace period is 30 s; the app must be gone close to its own deadline, long before.
        var exitCode = await app.WaitForExitAsync(deadline + TimeSpan.FromSeconds(5));
        Assert.True(exitCode == 0, $"exit code {exitCode?.ToString() ?? "none (still running)"} {watch.Elapsed} after SIGTERM with a {deadline} deadline\n{app.Output}");
        Assert.Contains("could not flush all spans within", app.Output, StringComparison.Ordinal);
    }
}
