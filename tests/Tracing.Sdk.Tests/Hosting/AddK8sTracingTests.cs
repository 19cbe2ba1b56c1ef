using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Tracing.Sdk.Hosting;
using Tracing.Sdk.Tests.TestSupport;

namespace Tracing.Sdk.Tests.Hosting;

public class AddK8sTracingTests
{
    private static readonly Dictionary<string, string?> NoExport = new() { ["OTEL_TRACES_EXPORTER"] = "none" };

    [Fact]
    public async Task AddK8sTracing_WorkerHost_RecordsSpansOfTheApplicationsSource()
    {
        var collector = new SpanCollector();
        var builder = TestHostBuilder.Create(NoExport);
        builder.AddK8sTracing(o => o.ConfigureTracerProvider(b => b.AddProcessor(collector)));
        using var host = builder.Build();
        using var source = new ActivitySource(builder.Environment.ApplicationName);

        await host.StartAsync();
        using (source.StartActivity("work"))
        {
        }

        await host.StopAsync();

        var span = Assert.Single(collector.Ended);
        Assert.Equal("work", span.DisplayName);
        var resource = host.Services.GetRequiredService<TracerProvider>().GetResource();
        // With no service name configured, the entry assembly names the service, whichever program runs the host.
        var entryName = Assembly.GetEntryAssembly()?.GetName().Name;
        var expectedName = string.IsNullOrEmpty(entryName) ? "unknown_service:dotnet" : entryName;
        Assert.Contains(resource.Attributes, a => a.Key == "service.name" && (string)a.Value == expectedName);
    }

    [Fact]
    public void AddK8sTracing_CalledTwice_RegistersOneProviderAndAppliesBothDelegates()
    {
        var builder = TestHostBuilder.Create(NoExport);

        builder.AddK8sTracing(o => o.Sources.Add("First"));
        builder.AddK8sTracing(o => o.Sources.Add("Second"));

        Assert.Single(builder.Services, d => d.ServiceType == typeof(TracingPipeline));
        Assert.Single(builder.Services, d => d.ServiceType == typeof(TracerProvider));
        Assert.Single(builder.Services, d => d.ImplementationType == typeof(TracerProviderLifetime));
        using var host = builder.Build();
        Assert.Equal(["First", "Second"], host.Services.GetRequiredService<K8sTracingState>().Options.Sources);
        Assert.Equal(["First", "Second"], host.Services.GetRequiredService<TracingPipeline>().Sources.Where(s => s is "First" or "Second"));
    }

    [Fact]
    public async Task AddK8sTracing_SdkDisabled_RegistersNothingAndListensToNothing()
    {
        var builder = TestHostBuilder.Create(new() { ["OTEL_SDK_DISABLED"] = "true" });

        builder.AddK8sTracing();
        using var host = builder.Build();
        await host.StartAsync();
        using var source = new ActivitySource(builder.Environment.ApplicationName);

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Empty(host.Services.GetServices<IHostedService>().OfType<TracerProviderLifetime>());
        // Not HasListeners(): that is process-wide, and a host another test runs at the same time redacts exception
        // events through a listener on every source (one that never samples, so it creates no activity).
        Assert.Null(source.StartActivity("nothing listens"));
        await host.StopAsync();
    }

    [Fact]
    public void AddK8sTracing_DisabledInCode_RegistersNothing()
    {
        var builder = TestHostBuilder.Create();

        builder.AddK8sTracing(o => o.Enabled = false);

        Assert.DoesNotContain(builder.Services, d => d.ServiceType == typeof(TracerProvider));
    }

    [Fact]
    public void AddK8sTracing_InvalidValuesInCode_ThrowsListingEach()
    {
        var builder = TestHostBuilder.Create();

        var exception = Assert.Throws<OptionsValidationException>(() => builder.AddK8sTracing(o =>
        {
            o.BatchMaxQueueSize = -1;
            o.ShutdownTimeout = TimeSpan.Zero;
        }));

        Assert.Contains("BatchMaxQueueSize", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ShutdownTimeout", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddK8sTracing_InvalidValuesFromConfiguration_DoNotThrow()
    {
        var builder = TestHostBuilder.Create(new()
        {
            ["OTEL_BSP_MAX_QUEUE_SIZE"] = "-1",
            ["OTEL_TRACES_SAMPLER"] = "bogus",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "::not a url::",
            ["K8sTracing:ShutdownTimeout"] = "never",
            ["OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT"] = "lots",
            ["OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT"] = "-3",
            ["OTEL_SPAN_EVENT_COUNT_LIMIT"] = "1e9",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "sometimes",
            ["OTEL_EXPORTER_OTLP_CERTIFICATE"] = "/nonexistent/ca.pem",
            ["OTEL_EXPORTER_OTLP_CLIENT_KEY"] = "/nonexistent/client.key",
            ["OTEL_PROPAGATORS"] = "xray,,tracecontext",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "=,%%,ok=1",
        });

        builder.AddK8sTracing();
        using var host = builder.Build();
        using var source = new ActivitySource(builder.Environment.ApplicationName);

        Assert.NotNull(host.Services.GetRequiredService<TracerProvider>());
        using (var activity = source.StartActivity("still traced"))
        {
            Assert.NotNull(activity);
            activity.SetTag("key", new string('x', 1000));
        }

        var warnings = host.Services.GetRequiredService<TracingPipeline>().Report.Warnings;
        foreach (var key in new[] { "OTEL_BSP_MAX_QUEUE_SIZE", "OTEL_TRACES_SAMPLER", "OTEL_EXPORTER_OTLP_ENDPOINT", "K8sTracing:ShutdownTimeout", "OTEL_EXPORTER_OTLP_CERTIFICATE", "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", "OTEL_PROPAGATORS", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY" })
        {
            Assert.Contains(warnings, w => w.StartsWith(key, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(null, "in_memory")]
    [InlineData("IN_MEMORY", "in_memory")]
    [InlineData("disabled", "")]
    [InlineData("disk", "in_memory")]
    [InlineData("bogus", "in_memory")]
    public void SdkConfigurationDefaults_RetrySetting_IsAlwaysOneTheSdkAccepts(string? configured, string expected)
    {
        var configuration = new ConfigurationManager();
        if (configured is not null)
        {
            configuration.AddInMemoryCollection([new("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", configured)]);
        }

        var options = new K8sTracingOptions();
        Tracing.Sdk.Configuration.K8sTracingConfigurationReader.Read(configuration, options, new Tracing.Sdk.Configuration.SetupDiagnostics());
        SdkConfigurationDefaults.Apply(configuration, options.OutageStorage);

        Assert.Equal(expected, configuration["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"]);
    }

    [Fact]
    public async Task StopAsync_EndedSpansStillQueued_AreFlushed()
    {
        var exported = new SpanCollector();
        var builder = TestHostBuilder.Create(NoExport);
        builder.AddK8sTracing(o => o.ConfigureTracerProvider(b => b.AddProcessor(
            new BatchActivityExportProcessor(new ForwardingExporter(exported), scheduledDelayMilliseconds: 600_000))));
        using var host = builder.Build();
        using var source = new ActivitySource(builder.Environment.ApplicationName);
        await host.StartAsync();

        for (var i = 0; i < 25; i++)
        {
            using (source.StartActivity("queued-" + i))
            {
            }
        }

        Assert.Empty(exported.Ended);
        await host.StopAsync();

        Assert.Equal(25, exported.Ended.Count);
    }

    [Fact]
    public async Task StopAsync_ExporterThatHangs_ReturnsAfterShutdownTimeout()
    {
        var deadline = TimeSpan.FromSeconds(1);
        using var release = new ManualResetEventSlim();
        var exporter = new HangingExporter(release);
        var logs = new CapturingLoggerProvider();
        var builder = TestHostBuilder.Create(NoExport);
        builder.Logging.AddProvider(logs);
        builder.AddK8sTracing(o =>
        {
            o.ShutdownTimeout = deadline;
            o.ConfigureTracerProvider(b => b.AddProcessor(new BatchActivityExportProcessor(exporter, scheduledDelayMilliseconds: 600_000)));
        });
        using var host = builder.Build();
        using var source = new ActivitySource(builder.Environment.ApplicationName);
        await host.StartAsync();
        using (source.StartActivity("stuck"))
        {
        }

        // Without the deadline, stopping waits for the exporter, which hangs until released; the host's own 30 s
        // stop timeout would be the only bound.
        var watch = Stopwatch.StartNew();
        var stop = host.StopAsync();
        var finished = await Task.WhenAny(stop, Task.Delay(deadline + TimeSpan.FromSeconds(4)));
        var elapsed = watch.Elapsed;
        var hung = exporter.Hanging;
        release.Set();

        Assert.True(hung, "the shutdown should have started exporting the queued span, into the hang");
        Assert.True(ReferenceEquals(stop, finished), $"StopAsync had not returned {elapsed} after a {deadline} deadline");
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("could not flush all spans", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_LogsOneReportLineWithoutSecrets()
    {
        var (report, logs) = await StartupReportAsync(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://user:hunter2@collector:4317",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "api-key=s3cr3t-value",
            ["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio",
            ["OTEL_TRACES_SAMPLER_ARG"] = "0.5",
            ["OTEL_SERVICE_NAME"] = "checkout",
        });

        Assert.Contains("exporter=otlp", report, StringComparison.Ordinal);
        Assert.Contains("endpoint=http://collector:4317/ (OTEL_EXPORTER_OTLP_ENDPOINT)", report, StringComparison.Ordinal);
        Assert.Contains("protocol=grpc", report, StringComparison.Ordinal);
        Assert.Contains("api-key=***", report, StringComparison.Ordinal);
        Assert.Contains("(OTEL_TRACES_SAMPLER)", report, StringComparison.Ordinal);
        Assert.Contains("TraceIdRatioBasedSampler", report, StringComparison.Ordinal);
        Assert.Contains("propagators=tracecontext,baggage", report, StringComparison.Ordinal);
        Assert.Contains("service.name=checkout", report, StringComparison.Ordinal);
        Assert.Contains("/healthz", report, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("s3cr3t", StringComparison.Ordinal) || e.Message.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartupReport_ExporterList_NamesEachAndTheZipkinEndpointTheSdkResolved()
    {
        var (report, logs) = await StartupReportAsync(new()
        {
            ["OTEL_TRACES_EXPORTER"] = "otlp,zipkin,bogus",
            ["OTEL_EXPORTER_ZIPKIN_ENDPOINT"] = "http://zipkin.tracing:9411/api/v2/spans",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:1",
        });

        Assert.Contains("exporter=otlp,zipkin ", report, StringComparison.Ordinal);
        Assert.Contains("zipkinEndpoint=http://zipkin.tracing:9411/api/v2/spans", report, StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("'bogus'", StringComparison.Ordinal));
    }

    /// <summary>Starts and stops a host with the one line and the given configuration; returns its one report line and every log entry.</summary>
    private static async Task<(string Report, CapturingLoggerProvider Logs)> StartupReportAsync(Dictionary<string, string?> configuration)
    {
        var logs = new CapturingLoggerProvider();
        var builder = TestHostBuilder.Create(configuration);
        builder.Logging.AddProvider(logs);
        builder.AddK8sTracing();
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(1)).Token);

        return (Assert.Single(logs.Entries, e => e.Category == "Tracing.Sdk" && e.Level == LogLevel.Information).Message, logs);
    }

    [Fact]
    public async Task StartAsync_Misconfiguration_IsWarnedAboutByName()
    {
        var logs = new CapturingLoggerProvider();
        var builder = TestHostBuilder.Create(new()
        {
            ["OTEL_TRACES_SAMPLER"] = "jaeger_remote",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = "http://localhost:4317/v1/traces",
        });
        builder.Logging.AddProvider(logs);
        builder.AddK8sTracing();
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(1)).Token);

        var warnings = logs.Entries.Where(e => e.Category == "Tracing.Sdk" && e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Contains(warnings, w => w.Contains("OTEL_TRACES_SAMPLER", StringComparison.Ordinal) && w.Contains("jaeger_remote", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("4317", StringComparison.Ordinal) && w.Contains("http/protobuf", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logging_InsideASpan_ScopeCarriesTraceAndSpanIds()
    {
        var logs = new CapturingLoggerProvider();
        var builder = TestHostBuilder.Create(NoExport);
        builder.Logging.AddProvider(logs);
        builder.AddK8sTracing();
        using var host = builder.Build();
        using var source = new ActivitySource(builder.Environment.ApplicationName);
        await host.StartAsync();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("test");

        string traceId;
        using (var activity = source.StartActivity("work"))
        {
            traceId = activity!.TraceId.ToHexString();
            logger.LogInformation("inside");
        }

        await host.StopAsync();

        var entry = Assert.Single(logs.Entries, e => e.Message == "inside");
        var scope = Assert.IsAssignableFrom<IEnumerable<KeyValuePair<string, object?>>>(Assert.Single(entry.Scopes));
        Assert.Contains(scope, kv => kv.Key == "TraceId" && kv.Value?.ToString() == traceId);
        Assert.Contains(scope, kv => kv.Key == "SpanId");
    }

    private sealed class ForwardingExporter(SpanCollector collector) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var activity in batch)
            {
                collector.OnEnd(activity);
            }

            return ExportResult.Success;
        }
    }

    /// <summary>An exporter that never answers: export and shutdown both block until released, whatever their timeout.</summary>
    private sealed class HangingExporter(ManualResetEventSlim release) : BaseExporter<Activity>
    {
        private volatile bool _hanging;

        public bool Hanging => _hanging;

        public override ExportResult Export(in Batch<Activity> batch)
        {
            _hanging = true;
            release.Wait(TimeSpan.FromMinutes(2));
            return ExportResult.Success;
        }

        protected override bool OnShutdown(int timeoutMilliseconds)
        {
            release.Wait(TimeSpan.FromMinutes(2));
            return true;
        }
    }

    [Fact]
    public void AddK8sTracing_BadSamplingRulesInCode_ThrowsListingEach()
    {
        var builder = TestHostBuilder.Create();

        var exception = Assert.Throws<OptionsValidationException>(() => builder.AddK8sTracing(o =>
        {
            o.SamplingRules.Add(new SamplingRule("/ok", 1));
            o.SamplingRules.Add(new SamplingRule(" ", 1));
            o.SamplingRules.Add(new SamplingRule("/rate", 1_000_001));
        }));

        Assert.Contains("SamplingRules[1]: Path is empty.", exception.Message, StringComparison.Ordinal);
        Assert.Contains("SamplingRules[2]: RatePerMillion '1000001'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SamplingRulesFromConfigurationAndCode_AreReportedInOrderBadOnesSkipped()
    {
        var builder = TestHostBuilder.Create(new()
        {
            ["OTEL_TRACES_EXPORTER"] = "none",
            ["K8sTracing:SamplingRules:0:Path"] = "/checkout/*",
            ["K8sTracing:SamplingRules:0:RatePerMillion"] = "1000000",
            ["K8sTracing:SamplingRules:1:Path"] = "",
            ["K8sTracing:SamplingRules:1:RatePerMillion"] = "5",
            ["K8sTracing:SamplingRules:2:Path"] = "/catalog/*",
            ["K8sTracing:SamplingRules:2:Method"] = "GET",
            ["K8sTracing:SamplingRules:2:RatePerMillion"] = "10000",
        });
        builder.AddK8sTracing(o => o.SamplingRules.Add(new SamplingRule("/internal/*", 0)));
        using var host = builder.Build();

        var report = host.Services.GetRequiredService<TracingPipeline>().Report;

        Assert.Contains(" samplingRules=[/checkout/* 1000000, GET /catalog/* 10000, /internal/* 0] ", report.ToString(), StringComparison.Ordinal);
        Assert.Contains(report.Warnings, w => w.StartsWith("K8sTracing:SamplingRules:1: Path is empty", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_NoSamplingRules_ReportHasNoRulesEntry()
    {
        var builder = TestHostBuilder.Create(new() { ["OTEL_TRACES_EXPORTER"] = "none" });
        builder.AddK8sTracing();
        using var host = builder.Build();

        Assert.DoesNotContain("samplingRules", host.Services.GetRequiredService<TracingPipeline>().Report.ToString(), StringComparison.Ordinal);
    }
}
