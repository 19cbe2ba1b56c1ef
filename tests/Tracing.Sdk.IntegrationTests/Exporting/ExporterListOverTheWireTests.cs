using Tracing.Sdk.IntegrationTests.Foundation;
using Tracing.Sdk.IntegrationTests.Resilience;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Exporting;

/// <summary>
/// <c>OTEL_TRACES_EXPORTER</c> over the wire: Zipkin v2 for the meshes that speak it, and a list whose every exporter
/// gets every span.
/// </summary>
public class ExporterListOverTheWireTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static Dictionary<string, string?> Configuration(string exporters, ZipkinReceiver? zipkin, OtlpReceiver? otlp)
    {
        var configuration = otlp is null ? [] : TracedApp.ExportTo(otlp);
        configuration["OTEL_TRACES_EXPORTER"] = exporters;
        configuration["OTEL_BSP_SCHEDULE_DELAY"] = "100";
        configuration["OTEL_SERVICE_NAME"] = "task-service";
        if (zipkin is not null)
        {
            configuration["OTEL_EXPORTER_ZIPKIN_ENDPOINT"] = zipkin.SpansEndpoint.ToString();
        }

        return configuration;
    }

    [Fact]
    public async Task Zipkin_RequestWithDownstreamCall_ArrivesAsOneZipkinTrace()
    {
        await using var zipkin = await ZipkinReceiver.StartAsync();
        await using var app = await TracedApp.StartAsync(Configuration("zipkin", zipkin, otlp: null));

        (await app.GetAsync($"/{app.Marker}/call/42")).EnsureSuccessStatusCode();

        var spans = await zipkin.WaitForSpansAsync(s => s.Count(x => x.Tags.GetValueOrDefault("url.path")?.StartsWith("/" + app.Marker, StringComparison.Ordinal) == true) >= 2 && s.Any(x => x.Kind == "CLIENT"), Timeout);
        var outer = Assert.Single(spans, s => s.Tags.GetValueOrDefault("url.path") == $"/{app.Marker}/call/42");
        var client = Assert.Single(spans, s => s.Kind == "CLIENT" && s.ParentId == outer.Id);
        var inner = Assert.Single(spans, s => s.Tags.GetValueOrDefault("url.path") == $"/{app.Marker}/tasks/42");

        Assert.Equal("SERVER", outer.Kind);
        Assert.Equal($"GET /{app.Marker}/call/{{id}}", outer.Name, ignoreCase: true);
        Assert.Equal($"/{app.Marker}/call/{{id}}", outer.Tags["http.route"]);
        Assert.Equal("200", outer.Tags["http.response.status_code"]);
        Assert.Equal(client.Id, inner.ParentId);
        Assert.All(new[] { outer, client, inner }, s =>
        {
            Assert.Equal(outer.TraceId, s.TraceId);
            Assert.Equal("task-service", s.ServiceName);
        });
    }

    [Fact]
    public async Task OtlpAndZipkin_EveryExporterGetsEverySpan()
    {
        await using var zipkin = await ZipkinReceiver.StartAsync();
        await using var otlp = await OtlpReceiver.StartAsync();
        await using var app = await TracedApp.StartAsync(Configuration("otlp,zipkin", zipkin, otlp));

        for (var i = 0; i < 5; i++)
        {
            (await app.GetAsync($"/{app.Marker}/tasks/{i}")).EnsureSuccessStatusCode();
        }

        bool Ours(string? path) => path?.StartsWith($"/{app.Marker}/tasks/", StringComparison.Ordinal) == true;
        var viaZipkin = await zipkin.WaitForSpansAsync(s => s.Count(x => Ours(x.Tags.GetValueOrDefault("url.path"))) == 5, Timeout);
        var viaOtlp = await otlp.WaitForSpansAsync(s => s.Count(x => Ours(x.Attributes.GetValueOrDefault("url.path") as string)) == 5, Timeout);

        Assert.Equal(
            viaOtlp.Where(s => Ours(s.Attributes.GetValueOrDefault("url.path") as string)).Select(s => s.SpanId).Order(StringComparer.Ordinal),
            viaZipkin.Where(s => Ours(s.Tags.GetValueOrDefault("url.path"))).Select(s => s.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OtlpAndConsole_SpanGoesToTheCollectorAndIsPrintedAsATree()
    {
        await using var otlp = await OtlpReceiver.StartAsync();
        using var app = await AppProcess.StartAsync(new()
        {
            ["OTEL_TRACES_EXPORTER"] = "otlp,console",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.GrpcEndpoint.ToString(),
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_SERVICE_NAME"] = "sigterm-app",
        });

        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        (await client.GetAsync(new Uri("/work/7", UriKind.Relative))).EnsureSuccessStatusCode();

        var spans = await otlp.WaitForSpansAsync(s => s.Any(x => x.Name == "GET /work/{id}"), Timeout);
        Assert.Equal("sigterm-app", Assert.Single(spans, s => s.Name == "GET /work/{id}").ResourceAttributes["service.name"]);
        var deadline = DateTime.UtcNow + Timeout;
        while (!app.Output.Contains("GET /work/{id}  [server]", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains("GET /work/{id}  [server]", app.Output, StringComparison.Ordinal);
        Assert.Contains("exporter=otlp,console", app.Output, StringComparison.Ordinal);
    }
}
