using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Tracing.Sdk.Aws.Tests.TestSupport;

/// <summary>
/// A real tracer provider that listens to the AWS sources and HttpClient, plus a parent span to run AWS calls under.
/// </summary>
internal sealed class TracedTest : IDisposable
{
    public const string TestSourceName = "Tracing.Sdk.Aws.Tests";
    private static readonly ActivitySource TestSource = new(TestSourceName);

    private readonly TracerProvider _provider;

    public TracedTest(bool recordInternalSpans = false)
    {
        AwsSdkTracing.Register();
        var builder = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .AddSource(TestSourceName, AwsSdkTracing.SourceName, "System.Net.Http")
            .AddProcessor(Collector);
        if (recordInternalSpans)
        {
            builder.AddSource(AwsSdkTracing.InternalSourceName);
        }

        _provider = builder.Build()!;
    }

    public SpanCollector Collector { get; } = new();

    /// <summary>Runs <paramref name="body"/> under a fresh parent span and returns every span of that trace, parent first.</summary>
    public async Task<(Activity Parent, IReadOnlyList<Activity> Spans)> RunAsync(Func<Task> body)
    {
        Activity parent;
        using (parent = TestSource.StartActivity("test parent", ActivityKind.Internal)!)
        {
            await body();
        }

        _provider.ForceFlush();
        return (parent, Collector.InTrace(parent.TraceId));
    }

    public void Dispose() => _provider.Dispose();
}
