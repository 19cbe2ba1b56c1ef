using System.Globalization;
using Tracing.Sdk.Testing.Serving;

namespace Tracing.Sdk.Testing;

/// <summary>
/// A real, small OTLP trace receiver on Kestrel (127.0.0.1) for tests: OTLP/gRPC (the <c>TraceService</c> on Grpc.AspNetCore)
/// and OTLP/HTTP protobuf, optional gzip and TLS, with every request and decoded span recorded, and collector trouble
/// (refusals, delays, restarts) on demand.
/// </summary>
/// <example>
/// <code>
/// await using var receiver = await OtlpReceiver.StartAsync();
/// // point an OTLP exporter at receiver.GrpcEndpoint or receiver.HttpTracesEndpoint, then:
/// var spans = await receiver.WaitForSpansAsync(spans => spans.Count >= 2, TimeSpan.FromSeconds(10));
/// </code>
/// </example>
public sealed class OtlpReceiver : IAsyncDisposable
{
    /// <summary>The gRPC method path of OTLP trace export.</summary>
    public const string GrpcExportPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    /// <summary>The OTLP/HTTP path of trace export.</summary>
    public const string HttpTracesPath = "/v1/traces";

    private readonly OtlpReceiverOptions _options;
    private readonly ReceiverState _state;
    private ReceiverHost? _host;
    private int _grpcPort;
    private int _httpPort;

    private OtlpReceiver(OtlpReceiverOptions options)
    {
        _options = options;
        _grpcPort = options.GrpcPort;
        _httpPort = options.HttpPort;
        _state = new ReceiverState(options.RetainData, options.OnRequest) { Behavior = options.Behavior };
    }

    /// <summary>Gets the OTLP/gRPC endpoint, for example <c>http://127.0.0.1:4317</c> (https with a server certificate).</summary>
    public Uri GrpcEndpoint => BuildUri(_grpcPort, string.Empty);

    /// <summary>Gets the base of the OTLP/HTTP endpoint, for example <c>http://127.0.0.1:4318</c>; traces go to <see cref="HttpTracesPath"/>.</summary>
    public Uri HttpEndpoint => BuildUri(_httpPort, string.Empty);

    /// <summary>Gets the full OTLP/HTTP traces URL, for example <c>http://127.0.0.1:4318/v1/traces</c>.</summary>
    public Uri HttpTracesEndpoint => BuildUri(_httpPort, HttpTracesPath);

    /// <summary>Gets a value indicating whether the server is listening.</summary>
    public bool IsRunning => _host is not null;

    /// <summary>Gets or sets how the receiver answers export requests; takes effect for the next request.</summary>
    public OtlpReceiverBehavior Behavior
    {
        get => _state.Behavior;
        set => _state.Behavior = value;
    }

    /// <summary>Gets how many export requests arrived, refused ones included.</summary>
    public long ExportAttempts => _state.ExportAttempts;

    /// <summary>Gets how many spans were accepted (counted even when <see cref="OtlpReceiverOptions.RetainData"/> is off).</summary>
    public long AcceptedSpanCount => _state.AcceptedSpans;

    /// <summary>Gets how many body bytes arrived on the wire, compressed size when compressed.</summary>
    public long ReceivedBytes => _state.ReceivedBytes;

    /// <summary>Gets a snapshot of the accepted spans, in arrival order.</summary>
    public IReadOnlyList<ReceivedSpan> Spans => _state.Spans;

    /// <summary>Gets a snapshot of the export requests, accepted or not, in arrival order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => _state.Requests;

    /// <summary>Starts a receiver.</summary>
    /// <param name="options">The options; <see langword="null"/> for plain http on two free ports.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running receiver.</returns>
    public static async Task<OtlpReceiver> StartAsync(OtlpReceiverOptions? options = null, CancellationToken cancellationToken = default)
    {
        var receiver = new OtlpReceiver(options ?? new OtlpReceiverOptions());
        await receiver.RestartAsync(cancellationToken).ConfigureAwait(false);
        return receiver;
    }

    /// <summary>
    /// Waits until <paramref name="until"/> holds for the accepted spans, checking after each request.
    /// </summary>
    /// <param name="until">The condition on all spans accepted so far.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The spans for which the condition held.</returns>
    /// <exception cref="TimeoutException">The condition did not hold in time; the message lists what arrived.</exception>
    public Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(
        Func<IReadOnlyList<ReceivedSpan>, bool> until,
        TimeSpan timeout,
        CancellationToken cancellationToken = default) =>
        _state.WaitForSpansAsync(until, timeout, cancellationToken);

    /// <summary>Waits until at least <paramref name="count"/> spans were accepted.</summary>
    /// <param name="count">The number of spans to wait for.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The spans accepted so far.</returns>
    /// <exception cref="TimeoutException">Fewer spans arrived in time; the message lists what arrived.</exception>
    public Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(int count, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _state.WaitForSpansAsync(spans => spans.Count >= count, timeout, cancellationToken);

    /// <summary>Forgets every span and request and resets the counters; the behavior stays.</summary>
    public void Clear() => _state.Clear();

    /// <summary>Stops listening, as a collector that went away; what was recorded stays. Does nothing when stopped.</summary>
    /// <param name="cancellationToken">Ends the graceful shutdown early.</param>
    /// <returns>A task that completes when the ports are closed.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_host is not { } host)
        {
            return;
        }

        _host = null;
        await host.StopAsync(cancellationToken).ConfigureAwait(false);
        await host.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the server if it runs, then listens again on the same ports, as a restarted collector.</summary>
    /// <param name="cancellationToken">Cancels the restart.</param>
    /// <returns>A task that completes when the ports are bound.</returns>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync(cancellationToken).ConfigureAwait(false);
        var restart = _grpcPort != 0 || _httpPort != 0;
        for (var attempt = 1; ; attempt++)
        {
            // A free port is picked below the kernel's ephemeral range (32768 and up on Linux): an outgoing connection
            // of another test can take any port there as its local port, and would then keep a restart from binding.
            var (grpcPort, httpPort) = restart ? (_grpcPort, _httpPort) : (PickPort(_options.GrpcPort), PickPort(_options.HttpPort));
            try
            {
                var host = await ReceiverHost.StartAsync(_options, grpcPort, httpPort, _state, cancellationToken).ConfigureAwait(false);
                (_grpcPort, _httpPort) = (host.GrpcPort, host.HttpPort);
                _host = host;
                return;
            }
            catch (IOException) when (attempt < 50)
            {
                // Address in use: another listener took a port picked at random, or the old one is still closing.
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static int PickPort(int configured) => configured != 0 ? configured : Random.Shared.Next(20_000, 32_000);

    /// <summary>Stops the server.</summary>
    /// <returns>A task that completes when the ports are closed.</returns>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private Uri BuildUri(int port, string path)
    {
        var scheme = _options.ServerCertificate is null ? Uri.UriSchemeHttp : Uri.UriSchemeHttps;
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"{scheme}://127.0.0.1:{port}{path}"));
    }
}
