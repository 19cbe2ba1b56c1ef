using OpenTelemetry.Proto.Collector.Trace.V1;
using Tracing.Sdk.Testing.Decoding;

namespace Tracing.Sdk.Testing.Serving;

/// <summary>The protocol-independent part of an export: wait, record and decide the answer.</summary>
internal sealed class ExportProcessor(ReceiverState state)
{
    /// <param name="protocol">How the request arrived.</param>
    /// <param name="request">The HTTP request, for its path and headers.</param>
    /// <param name="message">The decoded message, or <see langword="null"/> when the body or its compression was broken.</param>
    /// <param name="bodyBytes">The size of the body on the wire.</param>
    /// <param name="compressed">Whether the body was compressed.</param>
    /// <param name="cancellationToken">Ends the behavior's delay when the client gives up or its deadline passes.</param>
    public async Task<ExportOutcome> ProcessAsync(
        ReceivedProtocol protocol,
        HttpRequest request,
        ExportTraceServiceRequest? message,
        long bodyBytes,
        bool compressed,
        CancellationToken cancellationToken)
    {
        var behavior = state.Behavior;
        if (behavior.Delay > TimeSpan.Zero)
        {
            await Task.Delay(behavior.Delay, cancellationToken).ConfigureAwait(false);
        }

        var malformed = message is null;
        state.Record(new ReceivedRequest
        {
            Protocol = protocol,
            Path = request.Path.Value ?? string.Empty,
            Headers = CopyHeaders(request.Headers),
            BodyBytes = bodyBytes,
            Compressed = compressed,
            ReceivedAt = DateTimeOffset.UtcNow,
            Accepted = !malformed && behavior.Mode == OtlpReceiverMode.Accept,
            Spans = message is null ? [] : SpanConverter.ToReceivedSpans(message),
        });
        return new ExportOutcome(behavior.Mode, behavior.RetryAfter, malformed);
    }

    private static Dictionary<string, string> CopyHeaders(IHeaderDictionary headers)
    {
        var copy = new Dictionary<string, string>(headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers)
        {
            copy[header.Key] = header.Value.ToString();
        }

        return copy;
    }
}
