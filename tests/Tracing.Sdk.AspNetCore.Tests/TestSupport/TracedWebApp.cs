using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Tracing.Sdk;

namespace Tracing.Sdk.AspNetCore.Tests.TestSupport;

/// <summary>A web app on real Kestrel at 127.0.0.1 with the one line, whose ended spans are kept for assertions.</summary>
internal sealed class TracedWebApp : IAsyncDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<Activity> _started = new();

    private TracedWebApp(WebApplication app)
    {
        App = app;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<Activity> Spans => [.. _spans];

    /// <summary>Every span the provider started (its processors' OnStart), whether or not it was exported later.</summary>
    public IReadOnlyList<Activity> Started => [.. _started];

    public static async Task<TracedWebApp> StartAsync(
        Action<WebApplication> map,
        Dictionary<string, string?>? configuration = null,
        Action<K8sTracingOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "web-" + Guid.NewGuid().ToString("N") });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_TRACES_EXPORTER"] = "none" });
        builder.Configuration.AddInMemoryCollection(configuration ?? []);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        TracedWebApp? traced = null;
        builder.AddK8sTracing(o =>
        {
            o.ConfigureTracerProvider(b => b.AddProcessor(new Collector(span => traced!._started.Enqueue(span), span => traced!._spans.Enqueue(span))));
            configure?.Invoke(o);
        });
        builder.Services.AddHttpClient();
        var app = builder.Build();
        traced = new TracedWebApp(app);
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        traced.BaseAddress = new Uri(address);
        return traced;
    }

    public async Task<IReadOnlyList<Activity>> WaitForSpansAsync(Func<IReadOnlyList<Activity>, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var spans = Spans;
            if (until(spans))
            {
                return spans;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("Spans seen: " + string.Join(", ", Spans.Select(s => s.DisplayName)));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private sealed class Collector(Action<Activity> onStart, Action<Activity> onEnd) : BaseProcessor<Activity>
    {
        public override void OnStart(Activity data) => onStart(data);

        public override void OnEnd(Activity data) => onEnd(data);
    }
}
