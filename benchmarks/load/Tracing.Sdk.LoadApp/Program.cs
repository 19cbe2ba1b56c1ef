using OpenTelemetry.Trace;

// The app the load harness drives, in one of three modes (LOAD_MODE):
//   off   - builder.AddK8sTracing() with OTEL_SDK_DISABLED=true set by the harness: what tracing costs nothing.
//   plain - OpenTelemetry configured by hand to do the same exporting (ASP.NET Core and HttpClient sources, OTLP gRPC
//           batch export), with ASP.NET Core's start tags switched on as AddK8sTracing does, so both record the same tags.
//   k8s   - builder.AddK8sTracing().
// Endpoints: /trivial, /chain (an HttpClient call to the app's own /trivial: server, client, server spans), /healthz.
var mode = Environment.GetEnvironmentVariable("LOAD_MODE") ?? "k8s";
var selfUrl = Environment.GetEnvironmentVariable("LOAD_SELF_URL") ?? "http://127.0.0.1:8080";

if (mode == "plain")
{
    AppContext.SetSwitch("Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData", false);
}

var builder = WebApplication.CreateBuilder(args);
if (mode is "k8s" or "off")
{
    builder.AddK8sTracing();
}

builder.Services.AddHttpClient("self", client => client.BaseAddress = new Uri(selfUrl));

var app = builder.Build();
app.MapGet("/trivial", () => "ok");
app.MapGet("/healthz", () => "ok");
app.MapGet("/chain", async (IHttpClientFactory clients, CancellationToken cancellationToken) =>
    await clients.CreateClient("self").GetStringAsync(new Uri("/trivial", UriKind.Relative), cancellationToken).ConfigureAwait(false));

// Built before the server starts and disposed (flushed) after the host has stopped, as a hand-written setup would.
using var plain = mode == "plain"
    ? OpenTelemetry.Sdk.CreateTracerProviderBuilder()
        .AddSource("Microsoft.AspNetCore", "System.Net.Http")
        .AddOtlpExporter()
        .Build()
    : null;

await app.RunAsync().ConfigureAwait(false);
