using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace Tracing.Sdk.Benchmarks.Hosting;

/// <summary>
/// One whole request through ASP.NET Core's hosting layer and middleware (<see cref="InProcessServer"/>: no sockets), per setup: what the
/// request path pays for tracing, export excluded (it runs on its own thread). Traced requests go to
/// <c>GET /tasks/{id}</c> with an <c>x-request-id</c> (what a mesh adds to every request), probes to <c>/healthz</c>.
/// Beside the reference setups (no tracing, the bare SDK on the native sources, the contrib-instrumented SDK), every
/// feature of <c>AddK8sTracing</c> that works per request is switched off one at a time, so each one's cost is the
/// difference to the default. Each benchmark runs in its own process (the default toolchain), so the providers and the
/// process-wide switches of different setups never meet.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RequestPipelineBenchmarks
{
    private const string Traced = "traced";
    private const string Probe = "probe";
    private const string SuppressSwitch = "Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData";

    private WebApplication? _app;
    private InProcessServer? _server;

    [GlobalSetup(Targets = [nameof(Off), nameof(OffProbe)])]
    public void SetupOff() => Start(static _ => { });

    [GlobalSetup(Targets = [nameof(Bare), nameof(BareProbe)])]
    public void SetupBare() => Start(static builder =>
    {
        AppContext.SetSwitch(SuppressSwitch, false);
        builder.Services.AddOpenTelemetry().WithTracing(static t => t.AddSource("Microsoft.AspNetCore", "System.Net.Http"));
    });

    [GlobalSetup(Target = nameof(BareHandCompleted))]
    public void SetupBareHandCompleted() => Start(static builder =>
    {
        AppContext.SetSwitch(SuppressSwitch, false);
        builder.Services.AddTransient<IStartupFilter, HandCompletionStartupFilter>();
        builder.Services.AddOpenTelemetry().WithTracing(static t => t.AddSource("Microsoft.AspNetCore", "System.Net.Http"));
    });

    [GlobalSetup(Target = nameof(BareDropAllProbe))]
    public void SetupBareDropAll() => Start(static builder =>
    {
        AppContext.SetSwitch(SuppressSwitch, false);
        builder.Services.AddOpenTelemetry().WithTracing(static t => t
            .AddSource("Microsoft.AspNetCore", "System.Net.Http")
            .SetSampler(new AlwaysOffSampler()));
    });

    [GlobalSetup(Target = nameof(BareDropAllWithoutStartTagsProbe))]
    public void SetupBareDropAllWithoutStartTags() => Start(static builder =>
        builder.Services.AddOpenTelemetry().WithTracing(static t => t
            .AddSource("Microsoft.AspNetCore", "System.Net.Http")
            .SetSampler(new AlwaysOffSampler())));

    [GlobalSetup(Target = nameof(BarePropagationOnlyProbe))]
    public void SetupBarePropagationOnly() => Start(static builder =>
    {
        AppContext.SetSwitch(SuppressSwitch, false);
        builder.Services.AddOpenTelemetry().WithTracing(static t => t
            .AddSource("Microsoft.AspNetCore", "System.Net.Http")
            .SetSampler(new DropSampler()));
    });

    [GlobalSetup(Target = nameof(BareDropWithoutStartTagsProbe))]
    public void SetupBareDropWithoutStartTags() => Start(static builder =>
        builder.Services.AddOpenTelemetry().WithTracing(static t => t
            .AddSource("Microsoft.AspNetCore", "System.Net.Http")
            .SetSampler(new DropSampler())));

    [GlobalSetup(Targets = [nameof(Contrib), nameof(ContribProbe)])]
    public void SetupContrib() => Start(static builder =>
        builder.Services.AddOpenTelemetry().WithTracing(static t => t
            .AddAspNetCoreInstrumentation(static o => o.Filter = static c => !c.Request.Path.StartsWithSegments("/healthz"))
            .AddHttpClientInstrumentation()));

    [GlobalSetup(Targets = [nameof(K8s), nameof(K8sProbe)])]
    public void SetupK8s() => Start(static builder => builder.AddK8sTracing());

    [GlobalSetup(Target = nameof(K8sNoPassThrough))]
    public void SetupK8sNoPassThrough() => Start(static builder => builder.AddK8sTracing(static o => o.PassThroughHeaders.Clear()));

    [GlobalSetup(Target = nameof(K8sNoBaggage))]
    public void SetupK8sNoBaggage() => Start(static builder => builder.AddK8sTracing(static o => o.Propagators.Remove("baggage")));

    [GlobalSetup(Target = nameof(K8sNoPropagationMiddleware))]
    public void SetupK8sNoPropagationMiddleware() => Start(static builder => builder.AddK8sTracing(static o =>
    {
        o.PassThroughHeaders.Clear();
        o.Propagators.Remove("baggage");
    }));

    [GlobalSetup(Target = nameof(K8sNoRedaction))]
    public void SetupK8sNoRedaction() => Start(static builder => builder.AddK8sTracing(static o => o.RedactedAttributes.Clear()));

    [GlobalCleanup]
    public void Cleanup() => _app?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark, BenchmarkCategory(Traced)]
    public Task Off() => Send();

    [Benchmark(Baseline = true), BenchmarkCategory(Traced)]
    public Task Bare() => Send();

    /// <summary>The bare SDK with the span content ours has, added by the least code (<see cref="HandCompletionStartupFilter"/>).</summary>
    [Benchmark, BenchmarkCategory(Traced)]
    public Task BareHandCompleted() => Send();

    [Benchmark, BenchmarkCategory(Traced)]
    public Task Contrib() => Send();

    [Benchmark, BenchmarkCategory(Traced)]
    public Task K8s() => Send();

    [Benchmark, BenchmarkCategory(Traced)]
    public Task K8sNoPassThrough() => Send();

    [Benchmark, BenchmarkCategory(Traced)]
    public Task K8sNoBaggage() => Send();

    /// <summary>Neither pass-through headers nor baggage: nothing needs the propagation middleware, so it is not added.</summary>
    [Benchmark, BenchmarkCategory(Traced)]
    public Task K8sNoPropagationMiddleware() => Send();

    [Benchmark, BenchmarkCategory(Traced)]
    public Task K8sNoRedaction() => Send();

    [Benchmark(Baseline = true), BenchmarkCategory(Probe)]
    public Task OffProbe() => SendProbe();

    [Benchmark, BenchmarkCategory(Probe)]
    public Task BareProbe() => SendProbe();

    /// <summary>The SDK's floor for a request it drops: the activity it still creates to carry the context.</summary>
    [Benchmark, BenchmarkCategory(Probe)]
    public Task BareDropAllProbe() => SendProbe();

    /// <summary>The same without ASP.NET Core's start tags (the switch left on): what building and boxing them costs.</summary>
    [Benchmark, BenchmarkCategory(Probe)]
    public Task BareDropAllWithoutStartTagsProbe() => SendProbe();

    /// <summary>
    /// A sampler of the application's own that drops everything: the SDK answers a root it drops with PropagationData
    /// (it returns None only for its own AlwaysOffSampler), so the runtime still creates the activity.
    /// </summary>
    [Benchmark, BenchmarkCategory(Probe)]
    public Task BarePropagationOnlyProbe() => SendProbe();

    /// <summary>
    /// The floor of any setup that decides per request, as ours does: a sampler asked for every request (here one that
    /// drops everything), ASP.NET Core's start tags off.
    /// </summary>
    [Benchmark, BenchmarkCategory(Probe)]
    public Task BareDropWithoutStartTagsProbe() => SendProbe();

    [Benchmark, BenchmarkCategory(Probe)]
    public Task ContribProbe() => SendProbe();

    [Benchmark, BenchmarkCategory(Probe)]
    public Task K8sProbe() => SendProbe();

    private Task Send() => _server!.SendAsync("/tasks/42", "a3f1c9e2-6b7d-4e8f-9a0b-1c2d3e4f5a6b");

    private Task SendProbe() => _server!.SendAsync("/healthz", null);

    private void Start(Action<WebApplicationBuilder> setup)
    {
        // On a thread of its own: whatever startup leaves in AsyncLocals (Activity.Current, ...) stays there, so every
        // request starts from the default ExecutionContext, and its AsyncLocal writes cost the same in every setup.
        var thread = new Thread(() => Build(setup));
        thread.Start();
        thread.Join();
    }

    private void Build(Action<WebApplicationBuilder> setup)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.Server.IServer, InProcessServer>();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_TRACES_EXPORTER"] = "none" });
        setup(builder);

        _app = builder.Build();
        _app.MapGet("/tasks/{id}", static (int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _app.MapGet("/healthz", static () => "ok");
        _app.StartAsync().GetAwaiter().GetResult();
        _server = (InProcessServer)_app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>();
    }

    private sealed class DropSampler : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) => new(SamplingDecision.Drop);
    }
}
