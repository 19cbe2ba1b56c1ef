using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Otlp;

public sealed class OtlpReceiverTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.Grpc, OtlpExportCompression.None)]
    [InlineData(OtlpExportProtocol.Grpc, OtlpExportCompression.GZip)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, OtlpExportCompression.None)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, OtlpExportCompression.GZip)]
    public async Task Export_RealExporter_DecodesSpansAndRecordsRequest(OtlpExportProtocol protocol, OtlpExportCompression compression)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var sourceName = OtlpTestTracing.NewSourceName();
        using var source = new ActivitySource(sourceName, "1.2.3");
        using var provider = OtlpTestTracing.CreateProvider(sourceName, options =>
        {
            options.Endpoint = protocol == OtlpExportProtocol.Grpc ? receiver.GrpcEndpoint : receiver.HttpTracesEndpoint;
            options.Protocol = protocol;
            options.Compression = compression;
            options.Headers = "api-key=secret-1";
        });
        var linked = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

        string parentSpanId;
        string traceId;
        using (var parent = source.StartActivity("parent", ActivityKind.Server)!)
        {
            parentSpanId = parent.SpanId.ToHexString();
            traceId = parent.TraceId.ToHexString();
            using var child = source.StartActivity(
                ActivityKind.Client,
                parent.Context,
                links: [new ActivityLink(linked, new ActivityTagsCollection { ["link.reason"] = "batch" })],
                name: "child")!;
            child.SetTag("text", "value");
            child.SetTag("number", 42);
            child.SetTag("ratio", 1.5);
            child.SetTag("flag", true);
            child.SetTag("items", new[] { "a", "b" });
            child.AddEvent(new ActivityEvent("retrying", tags: new ActivityTagsCollection { ["attempt"] = 2 }));
            child.SetStatus(ActivityStatusCode.Error, "boom");
        }

        Assert.True(provider.ForceFlush());
        var spans = await receiver.WaitForSpansAsync(2, OtlpTestTracing.Timeout);

        var parentSpan = Assert.Single(spans, span => span.Name == "parent");
        var childSpan = Assert.Single(spans, span => span.Name == "child");
        Assert.Equal(traceId, parentSpan.TraceId);
        Assert.Equal(parentSpanId, parentSpan.SpanId);
        Assert.Null(parentSpan.ParentSpanId);
        Assert.Equal(ReceivedSpanKind.Server, parentSpan.Kind);
        Assert.Equal(traceId, childSpan.TraceId);
        Assert.Equal(parentSpanId, childSpan.ParentSpanId);
        Assert.Equal(ReceivedSpanKind.Client, childSpan.Kind);
        Assert.Equal("value", childSpan.Attributes["text"]);
        Assert.Equal(42L, childSpan.Attributes["number"]);
        Assert.Equal(1.5, childSpan.Attributes["ratio"]);
        Assert.Equal(true, childSpan.Attributes["flag"]);
        Assert.Equal(new object?[] { "a", "b" }, childSpan.Attributes["items"]);
        Assert.Equal(ReceivedStatusCode.Error, childSpan.StatusCode);
        Assert.Equal("boom", childSpan.StatusMessage);
        var spanEvent = Assert.Single(childSpan.Events);
        Assert.Equal("retrying", spanEvent.Name);
        Assert.Equal(2L, spanEvent.Attributes["attempt"]);
        var link = Assert.Single(childSpan.Links);
        Assert.Equal(linked.TraceId.ToHexString(), link.TraceId);
        Assert.Equal(linked.SpanId.ToHexString(), link.SpanId);
        Assert.Equal("batch", link.Attributes["link.reason"]);
        Assert.Equal(1u, childSpan.Flags & 0xFF);
        Assert.Equal(sourceName, childSpan.ScopeName);
        Assert.Equal("1.2.3", childSpan.ScopeVersion);
        Assert.Equal(OtlpTestTracing.ServiceName, childSpan.ResourceAttributes["service.name"]);
        Assert.Equal("test", childSpan.ResourceAttributes["deployment.environment.name"]);
        Assert.True(childSpan.EndTime >= childSpan.StartTime);

        var request = receiver.Requests[0];
        Assert.Equal(protocol == OtlpExportProtocol.Grpc ? ReceivedProtocol.Grpc : ReceivedProtocol.HttpProtobuf, request.Protocol);
        Assert.Equal(protocol == OtlpExportProtocol.Grpc ? OtlpReceiver.GrpcExportPath : OtlpReceiver.HttpTracesPath, request.Path);
        Assert.Equal("secret-1", request.Headers["api-key"]);
        Assert.Equal(compression == OtlpExportCompression.GZip, request.Compressed);
        Assert.True(request.Accepted);
        Assert.All(receiver.Requests, r => Assert.True(r.BodyBytes > 0));
        Assert.Equal(2, receiver.AcceptedSpanCount);
    }
}
