using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Tracing.Sdk.IntegrationTests.Foundation;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Composition;

/// <summary>
/// The one line composes with the rest of OpenTelemetry: what the application or a library registers through
/// OpenTelemetry's hosting API, in any order, lands in the same provider and is exported once, with the pod's resource.
/// </summary>
public class OpenTelemetryCompositionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Setups => ["WithTracingBefore", "WithTracingAfter", "ConfigureProvider", "BuilderEntryPoint", "BuilderEntryPointAndOneLine"];

    private static void SetUp(string setup, WebApplicationBuilder builder)
    {
        var source = TracedApp.OrdersSource.Name;
        switch (setup)
        {
            case "WithTracingBefore":
                builder.Services.AddOpenTelemetry().WithTracing(t => t.AddSource(source));
                builder.AddK8sTracing();
                break;
            case "WithTracingAfter":
                builder.AddK8sTracing();
                builder.Services.AddOpenTelemetry().WithTracing(t => t.AddSource(source));
                break;
            case "ConfigureProvider":
                builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddSource(source));
                builder.AddK8sTracing();
                break;
            case "BuilderEntryPoint":
                builder.Services.AddOpenTelemetry().UseK8sTracing().WithTracing(t => t.AddSource(source));
                break;
            case "BuilderEntryPointAndOneLine":
                builder.AddK8sTracing();
                builder.Services.AddOpenTelemetry().UseK8sTracing(o => o.Sources.Add(source));
                break;
        }
    }

    private static Dictionary<string, string?> PodConfiguration(OtlpReceiver receiver)
    {
        var configuration = TracedApp.ExportTo(receiver);
        configuration["OTEL_SERVICE_NAME"] = "orders";
        configuration["K8S_POD_NAME"] = "orders-7c9-xyz";
        configuration["K8S_NAMESPACE_NAME"] = "shop";
        return configuration;
    }

    [Theory]
    [MemberData(nameof(Setups))]
    public async Task AppSource_RegisteredThroughOpenTelemetry_ExportedOnceUnderTheServerSpanWithThePodResource(string setup)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TracedApp.StartAsync(PodConfiguration(receiver), tracing: b => SetUp(setup, b));

        Assert.Single(app.App.Services.GetServices<TracerProvider>());
        Assert.IsNotType<TracerProvider>(app.App.Services.GetRequiredService<TracerProvider>(), exactMatch: true);
        (await app.GetAsync($"/{app.Marker}/orders")).EnsureSuccessStatusCode();

        var spans = await receiver.WaitForSpansAsync(
            s => s.Any(x => Equals(x.Attributes.GetValueOrDefault("app.marker"), app.Marker))
                && s.Any(x => Equals(x.Attributes.GetValueOrDefault("url.path"), $"/{app.Marker}/orders")),
            Timeout);
        var server = Assert.Single(spans, s => Equals(s.Attributes.GetValueOrDefault("url.path"), $"/{app.Marker}/orders"));
        var order = Assert.Single(spans, s => Equals(s.Attributes.GetValueOrDefault("app.marker"), app.Marker));

        Assert.Equal("MyApp.Orders", order.ScopeName);
        Assert.Equal(server.TraceId, order.TraceId);
        Assert.Equal(server.SpanId, order.ParentSpanId);
        Assert.Equal($"GET /{app.Marker}/orders", server.Name);
        foreach (var span in new[] { server, order })
        {
            Assert.Equal("orders", span.ResourceAttributes["service.name"]);
            Assert.Equal("orders-7c9-xyz", span.ResourceAttributes["k8s.pod.name"]);
            Assert.Equal("shop", span.ResourceAttributes["k8s.namespace.name"]);
        }

        await Task.Delay(300);
        Assert.Single(receiver.Spans, s => s.SpanId == order.SpanId);
        Assert.Single(receiver.Spans, s => s.SpanId == server.SpanId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AppProcessor_RegisteredBeforeOrAfter_SeesSpansAlreadyRedacted(bool before)
    {
        // Redaction runs before any processor or exporter of the application's, whatever the order of the calls.
        await using var receiver = await OtlpReceiver.StartAsync();
        var seen = new System.Collections.Concurrent.ConcurrentQueue<object?>();
        var capture = new EndCapture(span => seen.Enqueue(span.GetTagItem("password")));
        await using var app = await TracedApp.StartAsync(PodConfiguration(receiver), tracing: builder =>
        {
            if (before)
            {
                builder.Services.AddOpenTelemetry().WithTracing(t => t.AddSource(TracedApp.OrdersSource.Name).AddProcessor(capture));
            }

            builder.AddK8sTracing();
            if (!before)
            {
                builder.Services.AddOpenTelemetry().WithTracing(t => t.AddSource(TracedApp.OrdersSource.Name).AddProcessor(capture));
            }
        });

        (await app.GetAsync($"/{app.Marker}/orders")).EnsureSuccessStatusCode();

        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => Equals(x.Attributes.GetValueOrDefault("app.marker"), app.Marker)), Timeout);
        var order = Assert.Single(spans, s => Equals(s.Attributes.GetValueOrDefault("app.marker"), app.Marker));
        Assert.Equal("REDACTED", order.Attributes["password"]);
        Assert.Contains("REDACTED", seen);
        Assert.DoesNotContain("hunter2", seen);
    }

    private sealed class EndCapture(Action<System.Diagnostics.Activity> onEnd) : BaseProcessor<System.Diagnostics.Activity>
    {
        public override void OnEnd(System.Diagnostics.Activity data) => onEnd(data);
    }

    [Fact]
    public async Task AppResource_AddedBeforeOrAfter_WinsOverOursForItsKeys()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TracedApp.StartAsync(PodConfiguration(receiver), tracing: b =>
        {
            b.Services.AddOpenTelemetry().ConfigureResource(r => r.AddAttributes([new("team", "checkout"), new("service.namespace", "shop-team"), new("service.name", "orders-from-code")]));
            b.AddK8sTracing(o => o.Sources.Add(TracedApp.OrdersSource.Name));
            b.Services.AddOpenTelemetry().ConfigureResource(r => r.AddAttributes([new("deployment.environment.name", "staging")]));
        });

        (await app.GetAsync($"/{app.Marker}/orders")).EnsureSuccessStatusCode();

        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => Equals(x.Attributes.GetValueOrDefault("app.marker"), app.Marker)), Timeout);
        var resource = spans.First(s => Equals(s.Attributes.GetValueOrDefault("app.marker"), app.Marker)).ResourceAttributes;
        Assert.Equal("checkout", resource["team"]);
        Assert.Equal("shop-team", resource["service.namespace"]);
        Assert.Equal("staging", resource["deployment.environment.name"]);
        // Set by the app before the one line, on a key ours sets too (OTEL_SERVICE_NAME=orders): the app's code wins.
        Assert.Equal("orders-from-code", resource["service.name"]);
        Assert.Equal("orders-7c9-xyz", resource["k8s.pod.name"]);
    }

    [Fact]
    public async Task MetricAndLogRecord_AddedByTheApp_CarryTheSpansResource()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var sink = await OtlpSignalSink.StartAsync();
        var meterName = "MyApp.Orders." + Guid.NewGuid().ToString("N");
        using var meter = new System.Diagnostics.Metrics.Meter(meterName);
        var placed = meter.CreateCounter<long>("orders.placed");

        var app = await TracedApp.StartAsync(PodConfiguration(receiver), tracing: b =>
        {
            b.AddK8sTracing(o => o.Sources.Add(TracedApp.OrdersSource.Name));
            b.Services.AddOpenTelemetry()
                .WithMetrics(m => m.AddMeter(meterName).AddOtlpExporter((otlp, reader) =>
                {
                    otlp.Endpoint = new Uri(sink.BaseAddress, "/v1/metrics");
                    otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 200;
                }))
                .WithLogging(l => l.AddOtlpExporter(otlp =>
                {
                    otlp.Endpoint = new Uri(sink.BaseAddress, "/v1/logs");
                    otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
                }));
        });

        string marker;
        await using (app)
        {
            marker = app.Marker;
            (await app.GetAsync($"/{marker}/orders")).EnsureSuccessStatusCode();
            placed.Add(1);
            app.App.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MyApp.Orders").LogWarning("order placed");
        }

        // Disposing the app shut the meter and logger providers down, which exports what they hold.
        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => Equals(x.Attributes.GetValueOrDefault("app.marker"), marker)), Timeout);
        var spanResource = spans.First(s => Equals(s.Attributes.GetValueOrDefault("app.marker"), marker)).ResourceAttributes;
        foreach (var signal in new[] { "/v1/metrics", "/v1/logs" })
        {
            Assert.True(sink.Resources.TryGetValue(signal, out var resources), $"nothing arrived at {signal}");
            foreach (var resource in resources)
            {
                Assert.Equal(spanResource.OrderBy(a => a.Key, StringComparer.Ordinal), resource.OrderBy(a => a.Key, StringComparer.Ordinal));
            }
        }
    }

    [Fact]
    public async Task SdkDisabled_AppAlsoCallsAddOpenTelemetry_NoProviderIsBuilt()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var configuration = PodConfiguration(receiver);
        configuration["OTEL_SDK_DISABLED"] = "true";
        await using var app = await TracedApp.StartAsync(configuration, tracing: b =>
        {
            b.Services.AddOpenTelemetry().WithTracing(t => t.AddSource(TracedApp.OrdersSource.Name));
            b.AddK8sTracing();
        });

        (await app.GetAsync($"/{app.Marker}/orders")).EnsureSuccessStatusCode();

        var provider = app.App.Services.GetRequiredService<TracerProvider>();
        Assert.NotEqual("TracerProviderSdk", provider.GetType().Name);
        Assert.DoesNotContain(app.App.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s.GetType().Namespace == "Tracing.Sdk.Hosting");
    }
}
