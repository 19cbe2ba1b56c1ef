using System.Globalization;
using OpenTelemetry;
using OpenTelemetry.Trace;

// The app the load harness drives, in one of five setups (LOAD_MODE):
//   off     - no tracing at all.
//   floor   - the OpenTelemetry SDK listening to the native sources with a sampler of the app's own that drops every
//             request, ASP.NET Core's start tags off: what any setup that decides per request pays on a request it does
//             not trace, the floor of a probe. (Not AlwaysOffSampler: the SDK special-cases it and asks no sampler.)
//   bare    - the bare OpenTelemetry SDK on .NET 10's native sources ("Microsoft.AspNetCore", "System.Net.Http"), with
//             ASP.NET Core's native start tags switched on; its spans have no route, status or span name. ("plain" is
//             the old name.)
//   contrib - the contrib-instrumented SDK in the Aspire ServiceDefaults shape: ASP.NET Core instrumentation with a
//             Filter for the probe path, HttpClient instrumentation, OTLP export.
//   k8s     - builder.AddK8sTracing().
// Routes: GET /tasks/{id} (one server span), GET /chain (server -> HttpClient -> GET /tasks/{id} on this app: three
// spans), GET /healthz (a probe: no span, except under bare, which filters nothing).
// LOAD_EXPORT=discard swaps every setup's OTLP export for the same batch processor in front of an exporter that drops
// each batch, so what is counted under valgrind (benchmarks/load/instructions.sh) is the request path, not a slowed
// exporter's network calls; everything else stays as shipped.
const string ProbePath = "/healthz";

var mode = Environment.GetEnvironmentVariable("LOAD_MODE") ?? "k8s";
if (mode == "plain")
{
    mode = "bare";
}

var discardExport = Environment.GetEnvironmentVariable("LOAD_EXPORT") switch
{
    null or "" or "otlp" => false,
    "discard" => true,
    var other => throw new InvalidOperationException($"LOAD_EXPORT '{other}' is not one of otlp, discard."),
};
var selfUrl = Environment.GetEnvironmentVariable("LOAD_SELF_URL") ?? "http://127.0.0.1:8080";

if (mode == "bare")
{
    AppContext.SetSwitch("Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData", false);
}

var builder = WebApplication.CreateBuilder(args);
switch (mode)
{
    case "off":
        break;
    case "bare":
        builder.Services.AddOpenTelemetry().WithTracing(tracing => Export(tracing
            .AddSource("Microsoft.AspNetCore", "System.Net.Http")));
        break;
    case "floor":
        builder.Services.AddOpenTelemetry().WithTracing(tracing => Export(tracing
            .AddSource("Microsoft.AspNetCore", "System.Net.Http")
            .SetSampler(new DropEverySpanSampler())));
        break;
    case "contrib":
        builder.Services.AddOpenTelemetry().WithTracing(tracing => Export(tracing
            .AddAspNetCoreInstrumentation(static options =>
                options.Filter = static context => !context.Request.Path.StartsWithSegments(ProbePath))
            .AddHttpClientInstrumentation()));
        break;
    case "k8s":
        if (discardExport)
        {
            builder.AddK8sTracing(options =>
            {
                options.Exporter = Tracing.Sdk.TracesExporter.None;
                options.ConfigureTracerProvider(tracing => Export(tracing));
            });
        }
        else
        {
            builder.AddK8sTracing();
        }

        break;
    default:
        throw new InvalidOperationException($"LOAD_MODE '{mode}' is not one of off, floor, bare, contrib, k8s.");
}

builder.Services.AddHttpClient("self", client => client.BaseAddress = new Uri(selfUrl));

var app = builder.Build();
app.MapGet("/tasks/{id}", static (int id) => id.ToString(CultureInfo.InvariantCulture));
app.MapGet(ProbePath, static () => "ok");
app.MapGet("/chain", static async (IHttpClientFactory clients, CancellationToken cancellationToken) =>
    await clients.CreateClient("self").GetStringAsync(new Uri("/tasks/7", UriKind.Relative), cancellationToken).ConfigureAwait(false));

await app.RunAsync().ConfigureAwait(false);

TracerProviderBuilder Export(TracerProviderBuilder tracing) => discardExport
    ? tracing.AddProcessor(new BatchActivityExportProcessor(new DiscardExporter()))
    : tracing.AddOtlpExporter();

/// <summary>The floor setup's sampler: asked for every span, records none.</summary>
internal sealed class DropEverySpanSampler : Sampler
{
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) => new(SamplingDecision.Drop);
}

/// <summary>LOAD_EXPORT=discard's exporter: takes every batch and drops it.</summary>
internal sealed class DiscardExporter : BaseExporter<System.Diagnostics.Activity>
{
    public override ExportResult Export(in Batch<System.Diagnostics.Activity> batch) => ExportResult.Success;
}
