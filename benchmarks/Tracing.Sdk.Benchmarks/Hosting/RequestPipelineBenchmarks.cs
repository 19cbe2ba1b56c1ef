using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace Tracing.Sdk.Benchmarks.Hosting;

/// <summary>
/// One whole request through ASP.NET Core's hosting layer and middleware (TestServer: no sockets), per mode: what the
/// request path pays for tracing, export excluded (it runs on its own thread). Each benchmark runs in its own process,
/// so the providers of different modes never listen at the same time.
/// </summary>
[MemoryDiagnoser]
public class RequestPipelineBenchmarks
{
    private WebApplication? _app;
    private TestServer? _server;
    private TracerProvider? _plain;

    [Params("/trivial")]
    public string Path { get; set; } = "/trivial";

    [GlobalSetup(Target = nameof(Off))]
    public void SetupOff() => Start("off");

    [GlobalSetup(Target = nameof(Plain))]
    public void SetupPlain() => Start("plain");

    [GlobalSetup(Target = nameof(Contrib))]
    public void SetupContrib() => Start("contrib");

    [GlobalSetup(Target = nameof(AddK8sTracing))]
    public void SetupK8s() => Start("k8s");

    [GlobalCleanup]
    public void Cleanup()
    {
        _app?.StopAsync().GetAwaiter().GetResult();
        _plain?.Dispose();
    }

    [Benchmark]
    public Task<HttpContext> Off() => Send();

    [Benchmark(Baseline = true)]
    public Task<HttpContext> Plain() => Send();

    /// <summary>
    /// The contrib instrumentation packages in the Aspire ServiceDefaults shape (a probe <c>Filter</c>), on the same
    /// native start tags: complete spans like ours, the alternative issue 10 weighs against completing the native ones.
    /// </summary>
    [Benchmark]
    public Task<HttpContext> Contrib() => Send();

    [Benchmark]
    public Task<HttpContext> AddK8sTracing() => Send();

    private Task<HttpContext> Send() => _server!.SendAsync(context =>
    {
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = Path;
    });

    private void Start(string mode)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_TRACES_EXPORTER"] = "none",
            ["OTEL_SDK_DISABLED"] = mode == "off" ? "true" : "false",
        });
        switch (mode)
        {
            case "plain":
                AppContext.SetSwitch("Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData", false);
                _plain = OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddSource("Microsoft.AspNetCore", "System.Net.Http").Build();
                break;
            case "contrib":
                AppContext.SetSwitch("Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData", false);
                builder.Services.AddOpenTelemetry().WithTracing(static tracing => tracing
                    .AddAspNetCoreInstrumentation(static options =>
                        options.Filter = static context => !context.Request.Path.StartsWithSegments("/healthz"))
                    .AddHttpClientInstrumentation());
                break;
            case "off":
            case "k8s":
            default:
                builder.AddK8sTracing();
                break;
        }

        _app = builder.Build();
        _app.MapGet("/trivial", () => "ok");
        _app.MapGet("/healthz", () => "ok");
        _app.StartAsync().GetAwaiter().GetResult();
        _server = (TestServer)_app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>();
    }
}
