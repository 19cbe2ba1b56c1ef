using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Tracing.Sdk.Exporting;

namespace Tracing.Sdk.Tests.Exporting;

public class ConsoleSpanTreeExporterTests
{
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static (TracerProvider Provider, ActivitySource Source, StringWriter Output, ConsoleSpanTreeExporter Exporter, ManualTime Time) Create()
    {
        var name = "console-test-" + Guid.NewGuid().ToString("N");
        var output = new StringWriter();
        var time = new ManualTime();
        var exporter = new ConsoleSpanTreeExporter(output, time);
        var provider = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .AddSource(name)
            .AddProcessor(new SimpleActivityExportProcessor(exporter))
            .Build();
        return (provider, new ActivitySource(name), output, exporter, time);
    }

    [Fact]
    public void Export_TraceWithChildren_PrintsNestedTreeAfterRootGrace()
    {
        var (provider, source, output, exporter, time) = Create();
        using (provider)
        using (source)
        {
            using (var root = source.StartActivity("GET /tasks/{id}", ActivityKind.Server))
            {
                root!.SetTag("http.response.status_code", 200);
                using (var dynamo = source.StartActivity("DynamoDB.GetItem", ActivityKind.Client))
                {
                    dynamo!.SetTag("aws.dynamodb.table_names", new[] { "tasks", "audit" });
                }

                using var failing = source.StartActivity("GET", ActivityKind.Client);
                failing!.SetStatus(ActivityStatusCode.Error);
            }

            Assert.Equal(string.Empty, output.ToString());
            time.Now += ConsoleSpanTreeExporter.RootGrace;
            exporter.PrintReady();

            var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("trace ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("└─ GET /tasks/{id}  [server]", lines[1], StringComparison.Ordinal);
            Assert.Contains("http.response.status_code=200", lines[1], StringComparison.Ordinal);
            Assert.StartsWith("   ├─ DynamoDB.GetItem  [client]", lines[2], StringComparison.Ordinal);
            Assert.Contains("aws.dynamodb.table_names=tasks,audit", lines[2], StringComparison.Ordinal);
            Assert.StartsWith("   └─ GET  [client]", lines[3], StringComparison.Ordinal);
            Assert.Contains("ERROR", lines[3], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Export_RemoteParentRoot_WaitsLongerForAnInProcessCaller()
    {
        var (provider, source, output, exporter, time) = Create();
        using (provider)
        using (source)
        {
            var remote = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
            using (source.StartActivity("GET /x", ActivityKind.Server, remote))
            {
            }

            time.Now += ConsoleSpanTreeExporter.RootGrace;
            exporter.PrintReady();
            Assert.Equal(string.Empty, output.ToString());

            time.Now += ConsoleSpanTreeExporter.RemoteRootGrace;
            exporter.PrintReady();
            Assert.Contains("GET /x  [server]", output.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Export_ManyUnfinishedTraces_BufferStaysBounded()
    {
        var (provider, source, output, _, _) = Create();
        using (provider)
        using (source)
        {
            for (var i = 0; i < ConsoleSpanTreeExporter.MaxPendingTraces + 50; i++)
            {
                var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
                using (source.StartActivity("child-" + i, ActivityKind.Internal, parent))
                {
                }
            }

            var printed = output.ToString().Split('\n').Count(l => l.StartsWith("trace ", StringComparison.Ordinal));
            Assert.True(printed >= 50, $"expected the oldest traces to be printed once the buffer was full, got {printed}");
        }
    }

    [Fact]
    public void Shutdown_PendingTraces_ArePrinted()
    {
        var (provider, source, output, _, _) = Create();
        using (source)
        {
            var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
            using (source.StartActivity("orphan", ActivityKind.Internal, parent))
            {
            }

            provider.Dispose();

            Assert.Contains("orphan", output.ToString(), StringComparison.Ordinal);
        }
    }
}
