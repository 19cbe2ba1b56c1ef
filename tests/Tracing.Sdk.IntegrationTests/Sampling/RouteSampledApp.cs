using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Sampling;

/// <summary>
/// A web app on real Kestrel at 127.0.0.1 whose only tracing code is <c>builder.AddK8sTracing()</c>, with every
/// <c>/{area}/{id}</c> route and <c>/healthz</c>. Its configuration comes from an appsettings.json written into its own
/// content root, from the process environment (as <c>WebApplication</c> always reads it) and from the test's keys.
/// </summary>
internal sealed class RouteSampledApp : IAsyncDisposable
{
    private readonly string _contentRoot;

    private RouteSampledApp(WebApplication app, string contentRoot)
    {
        App = app;
        _contentRoot = contentRoot;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>
    /// A client that sends no trace context of its own: the test's process listens to <c>System.Net.Http</c> too, and
    /// an injected client span would make every request a child rather than a root.
    /// </summary>
    public HttpClient Client { get; } = new(new SocketsHttpHandler { ActivityHeadersPropagator = null });

    public static async Task<RouteSampledApp> StartAsync(OtlpReceiver receiver, Dictionary<string, string?> configuration, string? appSettingsJson = null)
    {
        var contentRoot = Directory.CreateTempSubdirectory("route-sampled-app-").FullName;
        if (appSettingsJson is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(contentRoot, "appsettings.json"), appSettingsJson);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "route-sampled-app", ContentRootPath = contentRoot });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.GrpcEndpoint.ToString(),
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddK8sTracing();

        var app = builder.Build();
        app.MapGet("/{area}/{id}", (string area, string id) => Results.Ok(area + "/" + id));
        app.MapGet("/healthz", () => "ok");
        await app.StartAsync();
        var traced = new RouteSampledApp(app, contentRoot)
        {
            BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()),
        };
        return traced;
    }

    public async Task GetAsync(string relative, Action<HttpRequestMessage>? prepare = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, relative));
        prepare?.Invoke(request);
        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Client.Dispose();
        Directory.Delete(_contentRoot, recursive: true);
    }
}
