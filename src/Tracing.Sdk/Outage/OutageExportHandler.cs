using System.Net;
using System.Net.Http.Headers;

namespace Tracing.Sdk.Outage;

/// <summary>
/// Sits in the OTLP exporter's own HttpClient. An export the collector cannot take now — unreachable, timed out,
/// unavailable, throttling — is stored and answered to the exporter as accepted, so the exporter never sits in a
/// retry backoff while its queue fills: the spans of the next request go out at once when the collector is back, and
/// the stored ones follow through <see cref="StoredSpanDelivery"/>. Everything else passes through unchanged, so
/// refusals for good (a bad request, a TLS failure) are still the exporter's to report. Runs on the exporter's thread.
/// </summary>
internal sealed class OutageExportHandler : DelegatingHandler
{
    private readonly SpanStore _store;
    private readonly IOutageObserver _observer;
    private readonly Action _reachable;

    /// <param name="inner">The handler that talks to the collector.</param>
    /// <param name="store">Where the payloads the collector could not take go.</param>
    /// <param name="observer">Told of failures and recoveries.</param>
    /// <param name="reachable">Called when a live export reached the collector: stored spans can go now.</param>
    public OutageExportHandler(HttpMessageHandler inner, SpanStore store, IOutageObserver observer, Action reachable)
        : base(inner)
    {
        _store = store;
        _observer = observer;
        _reachable = reachable;
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = base.Send(request, cancellationToken);
        }
        catch (Exception e) when (IsWorthWaitingOut(e))
        {
            return Store(request, Describe(request, e));
        }

        return Inspect(request, response);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsWorthWaitingOut(e))
        {
            return Store(request, Describe(request, e));
        }

        return Inspect(request, response);
    }

    /// <summary>Failures the exporter itself would retry; a TLS failure is not one of them.</summary>
    internal static bool IsWorthWaitingOut(Exception e) => e switch
    {
        HttpRequestException http => http.HttpRequestError != HttpRequestError.SecureConnectionError,
        OperationCanceledException => true,
        IOException => true,
        _ => false,
    };

    /// <summary>The answers of a collector that is there but cannot take data now, as the exporter's retry policy reads them.</summary>
    internal static bool IsWorthWaitingOut(HttpResponseMessage response, bool grpc)
    {
        if (response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
        {
            return true;
        }

        // A refusal without a message is a trailers-only response: its status is in the headers.
        return grpc && response.IsSuccessStatusCode && GrpcStatus(response.Headers) is { } status && IsRetryableGrpcStatus(status);
    }

    /// <summary>CANCELLED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS.</summary>
    internal static bool IsRetryableGrpcStatus(int status) => status is 1 or 4 or 8 or 10 or 11 or 14 or 15;

    internal static int? GrpcStatus(HttpHeaders headers) =>
        headers.NonValidated.TryGetValues("grpc-status", out var values) &&
        int.TryParse(values.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var status)
            ? status
            : null;

    private static bool IsGrpc(HttpRequestMessage request) =>
        string.Equals(request.Content?.Headers.ContentType?.MediaType, OtlpPayload.GrpcContentType, StringComparison.OrdinalIgnoreCase);

    private HttpResponseMessage Inspect(HttpRequestMessage request, HttpResponseMessage response)
    {
        var grpc = IsGrpc(request);
        if (IsWorthWaitingOut(response, grpc))
        {
            var error = Describe(request, response, grpc);
            response.Dispose();
            return Store(request, error);
        }

        if (response.IsSuccessStatusCode && (!grpc || GrpcStatus(response.Headers) is null or 0))
        {
            _observer.OnReachable();
            _reachable();
        }

        return response;
    }

    private HttpResponseMessage Store(HttpRequestMessage request, string error)
    {
        var grpc = IsGrpc(request);
        try
        {
            var body = ReadBody(request);
            ArraySegment<byte> payload = body;
            var gzip = request.Content?.Headers.ContentEncoding.Contains("gzip", StringComparer.OrdinalIgnoreCase) == true;
            if (grpc && OtlpPayload.TryUnframe(body, out var unframed, out var compressed))
            {
                payload = unframed;
                gzip = compressed;
            }

            var spans = OtlpPayload.CountSpans(payload, gzip);
            _observer.OnStored(spans, error);
            _store.TryAdd(payload, gzip, spans);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            Diagnostics.TracingSdkEventSource.Log.OperationFailed("Storing spans the collector could not take", e.Message);
        }

        return Accepted(request, grpc);
    }

    private static byte[] ReadBody(HttpRequestMessage request)
    {
        if (request.Content is not { } content)
        {
            return [];
        }

        using var stream = content.ReadAsStream();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>What the exporter reads as a successful export, so it moves on to the next batch.</summary>
    private static HttpResponseMessage Accepted(HttpRequestMessage request, bool grpc)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Version = request.Version };
        if (grpc)
        {
            response.Content = new ByteArrayContent(new byte[OtlpPayload.GrpcFrameHeaderSize]);
            response.Content.Headers.ContentType = new MediaTypeHeaderValue(OtlpPayload.GrpcContentType);
            response.TrailingHeaders.TryAddWithoutValidation("grpc-status", "0");
        }
        else
        {
            response.Content = new ByteArrayContent([]);
            response.Content.Headers.ContentType = new MediaTypeHeaderValue(OtlpPayload.ProtobufContentType);
        }

        return response;
    }

    private static string Describe(HttpRequestMessage request, Exception e)
    {
        var message = e.InnerException is { } inner && !string.IsNullOrEmpty(inner.Message) && inner.Message != e.Message
            ? $"{e.Message} ({inner.Message})"
            : e.Message;
        return $"{Endpoint(request)}: {e.GetType().Name}: {message}";
    }

    private static string Describe(HttpRequestMessage request, HttpResponseMessage response, bool grpc) =>
        grpc && GrpcStatus(response.Headers) is { } status
            ? $"{Endpoint(request)}: gRPC status {status}"
            : $"{Endpoint(request)}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}";

    private static string Endpoint(HttpRequestMessage request) =>
        request.RequestUri is { } uri ? uri.GetLeftPart(UriPartial.Authority) : "collector";
}
