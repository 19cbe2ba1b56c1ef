using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;

namespace Tracing.Sdk.AspNetCore.Tests.Propagation;

/// <summary>
/// A real Kestrel app on 127.0.0.1 with AddK8sTracing. <c>/call</c> calls its own <c>/capture</c> through HttpClient
/// and answers with its server span and the headers <c>/capture</c> received.
/// </summary>
internal sealed class PropagationTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PropagationTestHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = address };
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>A client that adds no propagation headers of its own, standing for a foreign caller.</summary>
    public HttpClient Client { get; }

    public static async Task<PropagationTestHost> StartAsync(Dictionary<string, string?> settings, Action<K8sTracingOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_TRACES_EXPORTER"] = "none" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddK8sTracing(configure);
        builder.Services.AddSingleton(_ => new HttpClient());

        var app = builder.Build();
        app.MapGet("/capture", (HttpContext context) =>
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToArray(), StringComparer.Ordinal));
        app.MapGet("/{**path}", async (HttpContext context, HttpClient client) =>
        {
            var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
            var address = context.RequestServices.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var captured = await client.GetFromJsonAsync<Dictionary<string, string[]>>(new Uri(new Uri(address), "/capture"));
            var tag = activity?.GetTagItem("http.request.header.x-request-id") as string[];
            return new EchoResult(
                activity?.TraceId.ToHexString(),
                activity is null || activity.ParentSpanId == default ? null : activity.ParentSpanId.ToHexString(),
                activity?.Recorded ?? false,
                activity?.TraceStateString,
                activity?.Links.Select(l => l.Context.TraceId.ToHexString() + "-" + l.Context.SpanId.ToHexString()).ToArray() ?? [],
                Baggage.Current.GetBaggage().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
                tag?.FirstOrDefault(),
                captured!);
        });

        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PropagationTestHost(app, new Uri(bound));
    }

    public async Task<EchoResult> GetAsync(string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<EchoResult>(JsonSerializerOptions.Web))!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}

internal sealed record EchoResult(
    string? TraceId,
    string? ParentSpanId,
    bool Sampled,
    string? TraceState,
    string[] Links,
    Dictionary<string, string> Baggage,
    string? RequestIdTag,
    Dictionary<string, string[]> Outgoing);
