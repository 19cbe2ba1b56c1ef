using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using ConformanceHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Tracing.Sdk.IntegrationTests.Propagation;

/// <summary>
/// The conformance host on 127.0.0.1 (port 0) configured by its command line, plus a plain callback endpoint that
/// records the headers the host sends it.
/// </summary>
internal sealed class ConformanceHostRunner : IAsyncDisposable
{
    private readonly WebApplication _host;
    private readonly WebApplication _callback;

    private ConformanceHostRunner(WebApplication host, WebApplication callback)
    {
        _host = host;
        _callback = callback;
        Client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = AddressOf(host) };
    }

    public HttpClient Client { get; }

    public ConcurrentQueue<Dictionary<string, string>> Received { get; } = new();

    public Uri CallbackUrl => new(AddressOf(_callback), "/callback");

    public static async Task<ConformanceHostRunner> StartAsync(string propagators)
    {
        var host = ConformanceApp.Build(["--urls=http://127.0.0.1:0", "--OTEL_TRACES_EXPORTER=none", $"--OTEL_PROPAGATORS={propagators}"]);
        await host.StartAsync();

        var callbackBuilder = WebApplication.CreateSlimBuilder();
        callbackBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        var callback = callbackBuilder.Build();
        ConformanceHostRunner? runner = null;
        callback.MapMethods("/callback", ["GET", "POST"], (HttpContext context) =>
        {
            runner!.Received.Enqueue(context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal));
            return Results.Ok();
        });
        await callback.StartAsync();
        runner = new ConformanceHostRunner(host, callback);
        return runner;
    }

    public async Task<(JsonElement Echo, Dictionary<string, string> Outgoing)> TraceEchoAsync(JsonElement headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/trace-echo?callback=" + Uri.EscapeDataString(CallbackUrl.ToString()));
        foreach (var header in headers.EnumerateObject())
        {
            request.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
        }

        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var echo = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(Received.TryDequeue(out var outgoing), "the callback was not called");
        return (echo, outgoing);
    }

    /// <summary>
    /// What the W3C harness does for one case: <c>POST /test</c> with <paramref name="headers"/> (each pair one header
    /// line, repeated names allowed) asking for <paramref name="callbacks"/> calls back; returns the headers of each call.
    /// </summary>
    public async Task<List<Dictionary<string, string>>> HarnessCaseAsync(IEnumerable<(string Name, string Value)> headers, int callbacks = 1)
    {
        Received.Clear();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/test")
        {
            Content = JsonContent.Create(Enumerable.Range(0, callbacks).Select(_ => new { url = CallbackUrl.ToString(), arguments = Array.Empty<object>() }).ToArray()),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return [.. Received];
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.DisposeAsync();
        await _callback.DisposeAsync();
    }

    private static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
