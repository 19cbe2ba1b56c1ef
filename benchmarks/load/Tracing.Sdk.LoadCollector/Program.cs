using System.Globalization;
using System.Net;
using Tracing.Sdk.Testing;

// The load harness's collector: the test OTLP receiver (gRPC h2c and HTTP/protobuf) keeping only its counters, plus a
// control port serving GET /stats ({"spans","requests","bytes"}). --delay-ms makes it a slow collector.
// Usage: Tracing.Sdk.LoadCollector --grpc-port 4317 --http-port 4318 --control-port 4319 [--delay-ms 0]
var grpcPort = Argument("--grpc-port", 4317);
var httpPort = Argument("--http-port", 4318);
var controlPort = Argument("--control-port", 4319);
var delayMs = Argument("--delay-ms", 0);

await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions
{
    GrpcPort = grpcPort,
    HttpPort = httpPort,
    RetainData = false,
    Behavior = new OtlpReceiverBehavior { Delay = TimeSpan.FromMilliseconds(delayMs) },
}).ConfigureAwait(false);

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, controlPort));
var app = builder.Build();
app.MapGet("/stats", () => Results.Text(
    string.Create(
        CultureInfo.InvariantCulture,
        $"{{\"spans\":{receiver.AcceptedSpanCount},\"requests\":{receiver.ExportAttempts},\"bytes\":{receiver.ReceivedBytes}}}"),
    "application/json"));
await app.RunAsync().ConfigureAwait(false);

int Argument(string name, int defaultValue)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : defaultValue;
}
