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
    public async Task Sigterm_CollectorDead_ExitsWithinTheShutdownDeadline()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var endpoint = receiver.GrpcEndpoint.ToString();
        await receiver.StopAsync();
        using var app = await AppProcess.StartAsync(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_BSP_SCHEDULE_DELAY"] = "600000",
            ["K8sTracing__ShutdownTimeout"] = "00:00:02",
        });
        for (var i = 0; i < 10; i++)
        {
            (await Client.GetAsync(new Uri(app.BaseAddress, $"/work/{i}"))).EnsureSuccessStatusCode();
        }

        app.SendSigterm();

        // Kubernetes' default grace period is 30 s; the app must be gone well before SIGKILL would come.
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(25));
        Assert.True(exitCode == 0, $"exit code {exitCode?.ToString() ?? "none (still running)"}\n{app.Output}");
        // The loss is reported either as a flush that ran out of time or as failed exports, depending on how fast the dead port refuses.
        Assert.True(
            app.Output.Contains("could not flush all spans", StringComparison.Ordinal) || app.Output.Contains("cannot export spans", StringComparison.Ordinal),
            app.Output);
    }
}
