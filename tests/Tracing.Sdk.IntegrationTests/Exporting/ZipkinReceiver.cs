using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tracing.Sdk.IntegrationTests.Infrastructure;

namespace Tracing.Sdk.IntegrationTests.Exporting;

/// <summary>A Zipkin v2 collector endpoint (<c>POST /api/v2/spans</c>, JSON) on 127.0.0.1 that keeps what it decodes.</summary>
internal sealed class ZipkinReceiver : IAsyncDisposable
{
    private WebApplication _app = null!;

    public Uri SpansEndpoint { get; private set; } = null!;

    public ConcurrentQueue<ZipkinSpan> Spans { get; } = new();

    public static async Task<ZipkinReceiver> StartAsync()
    {
        var receiver = new ZipkinReceiver();
        (receiver._app, var address) = await LoopbackWebApp.StartAsync(app => app.MapPost("/api/v2/spans", async (HttpRequest request) =>
        {
            using var document = await JsonDocument.ParseAsync(request.Body);
            foreach (var span in document.RootElement.EnumerateArray())
            {
                receiver.Spans.Enqueue(ZipkinSpan.From(span));
            }

            return Results.Accepted();
        }));
        receiver.SpansEndpoint = new Uri(address, "/api/v2/spans");
        return receiver;
    }

    public async Task<IReadOnlyList<ZipkinSpan>> WaitForSpansAsync(Func<IReadOnlyList<ZipkinSpan>, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var spans = Spans.ToList();
            if (until(spans))
            {
                return spans;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Zipkin receiver got {spans.Count} spans, not what the test waited for.");
            }

            await Task.Delay(50);
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>One span of a Zipkin v2 JSON list, with the fields the tests read.</summary>
internal sealed record ZipkinSpan(string TraceId, string Id, string? ParentId, string Name, string? Kind, string? ServiceName, IReadOnlyDictionary<string, string> Tags)
{
    public static ZipkinSpan From(JsonElement span) => new(
        span.GetProperty("traceId").GetString()!,
        span.GetProperty("id").GetString()!,
        span.TryGetProperty("parentId", out var parent) ? parent.GetString() : null,
        span.GetProperty("name").GetString()!,
        span.TryGetProperty("kind", out var kind) ? kind.GetString() : null,
        span.TryGetProperty("localEndpoint", out var local) && local.TryGetProperty("serviceName", out var service) ? service.GetString() : null,
        span.TryGetProperty("tags", out var tags)
            ? tags.EnumerateObject().ToDictionary(t => t.Name, t => t.Value.GetString() ?? string.Empty, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal));
}
