using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Foundation;

/// <summary>
/// A small web app on real Kestrel at 127.0.0.1 whose only tracing code is <c>builder.AddK8sTracing()</c>,
/// configured through configuration keys exactly as an operator would set environment variables.
/// Every path carries a per-app marker, so spans of apps running in parallel tests can be told apart.
/// </summary>
internal sealed class TracedApp : IAsyncDisposable
{
    /// <summary>The key of the outage storage's directory; each app gets a fresh one unless the test names it.</summary>
    public const string StorageDirectoryKey = "OTEL_DOTNET_EXPERIMENTAL_OTLP_DISK_RETRY_DIRECTORY_PATH";

    private string? _ownStorage;

    private TracedApp(WebApplication app, string marker)
    {
        App = app;
        Marker = marker;
    }

    public WebApplication App { get; }

    public string Marker { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Client { get; } = new();

    public static Dictionary<string, string?> ExportTo(OtlpReceiver receiver, string protocol = "grpc") => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = (protocol == "grpc" ? receiver.GrpcEndpoint : receiver.HttpEndpoint).ToString(),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
    };

    /// <summary>The source of the spans <c>/{marker}/orders</c> makes, as an application's own code would.</summary>
    public static readonly ActivitySource OrdersSource = new("MyApp.Orders");

    /// <param name="configuration">Configuration keys, as an operator sets environment variables.</param>
    /// <param name="logs">Where the app's logs go too.</param>
    /// <param name="tracing">The app's tracing setup; by default the one line, <c>builder.AddK8sTracing()</c>.</param>
    public static async Task<TracedApp> StartAsync(
        Dictionary<string, string?> configuration,
        ILoggerProvider? logs = null,
        Action<WebApplicationBuilder>? tracing = null)
    {
        var marker = Guid.NewGuid().ToString("N")[..12];
        string? ownStorage = null;
        if (!configuration.ContainsKey(StorageDirectoryKey))
        {
            // Spans one test leaves stored must not be delivered into another test's receiver.
            ownStorage = Directory.CreateTempSubdirectory("tracing-sdk-test-").FullName;
            configuration = new Dictionary<string, string?>(configuration) { [StorageDirectoryKey] = ownStorage };
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "traced-app" });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddHttpClient();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        if (tracing is null)
        {
            builder.AddK8sTracing();
        }
        else
        {
            tracing(builder);
        }

        var app = builder.Build();
        var traced = new TracedApp(app, marker) { _ownStorage = ownStorage };
        app.MapGet($"/{marker}/tasks/{{id}}", (string id) => Results.Ok(new { id }));
        app.MapGet($"/{marker}/boom", string () => throw new InvalidOperationException("kaput"));
        app.MapGet($"/{marker}/call/{{id}}", async (string id, IHttpClientFactory factory) =>
            await factory.CreateClient().GetStringAsync(new Uri(traced.BaseAddress, $"/{marker}/tasks/{id}")));
        app.MapGet($"/{marker}/call-unreachable", async (IHttpClientFactory factory) =>
            await factory.CreateClient().GetStringAsync(new Uri($"http://127.0.0.1:1/{marker}/unreachable")));
        app.MapGet($"/{marker}/orders", () =>
        {
            using var order = OrdersSource.StartActivity("place order");
            order?.SetTag("app.marker", marker);
            order?.SetTag("password", "hunter2");
            return "placed";
        });
        app.MapGet("/healthz", () => "ok");
        app.MapGet("/health/readiness", async (IHttpClientFactory factory) =>
            await factory.CreateClient().GetStringAsync(new Uri(traced.BaseAddress, $"/{marker}/tasks/from-probe")));
        await app.StartAsync();
        traced.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return traced;
    }

    public Task<HttpResponseMessage> GetAsync(string relative) => Client.GetAsync(new Uri(BaseAddress, relative));

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Client.Dispose();
        if (_ownStorage is not null)
        {
            try
            {
                Directory.Delete(_ownStorage, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
