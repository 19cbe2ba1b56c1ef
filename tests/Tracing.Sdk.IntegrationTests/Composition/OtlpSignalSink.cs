using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tracing.Sdk.IntegrationTests.Infrastructure;

namespace Tracing.Sdk.IntegrationTests.Composition;

/// <summary>
/// An OTLP/HTTP endpoint for metrics and logs on 127.0.0.1 that keeps the resource of every request: all a test
/// needs to compare the resource of the other signals with the spans'.
/// </summary>
internal sealed class OtlpSignalSink : IAsyncDisposable
{
    private WebApplication _app = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Resources received, by signal path (<c>/v1/metrics</c>, <c>/v1/logs</c>).</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<IReadOnlyDictionary<string, object?>>> Resources { get; } = new(StringComparer.Ordinal);

    public static async Task<OtlpSignalSink> StartAsync()
    {
        var sink = new OtlpSignalSink();
        (sink._app, sink.BaseAddress) = await LoopbackWebApp.StartAsync(app =>
        {
            foreach (var path in new[] { "/v1/metrics", "/v1/logs" })
            {
                app.MapPost(path, async (HttpRequest request) =>
                {
                    using var body = new MemoryStream();
                    await request.Body.CopyToAsync(body);
                    foreach (var resource in ReadResources(body.ToArray()))
                    {
                        sink.Resources.GetOrAdd(path, _ => new()).Enqueue(resource);
                    }

                    return Results.Ok();
                });
            }
        });
        return sink;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>
    /// Export{Metrics,Logs}ServiceRequest: field 1 is each Resource{Metrics,Logs}, whose field 1 is the Resource, whose
    /// field 1 holds the attributes (KeyValue: key 1, AnyValue 2), the same messages as in traces.
    /// </summary>
    private static List<IReadOnlyDictionary<string, object?>> ReadResources(byte[] request)
    {
        var resources = new List<IReadOnlyDictionary<string, object?>>();
        foreach (var scoped in Fields(request, 1))
        {
            foreach (var resource in Fields(scoped, 1))
            {
                var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var keyValue in Fields(resource, 1))
                {
                    var key = Fields(keyValue, 1).Select(b => System.Text.Encoding.UTF8.GetString(b)).Single();
                    attributes[key] = Fields(keyValue, 2).Select(AnyValue).SingleOrDefault();
                }

                resources.Add(attributes);
            }
        }

        return resources;
    }

    private static object? AnyValue(byte[] value)
    {
        var input = new CodedInputStream(value);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: return input.ReadString();
                case 2: return input.ReadBool();
                case 3: return input.ReadInt64();
                case 4: return input.ReadDouble();
                default: input.SkipLastField(); break;
            }
        }

        return null;
    }

    private static List<byte[]> Fields(byte[] message, int number)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }

        return found;
    }
}
