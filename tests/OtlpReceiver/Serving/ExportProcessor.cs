using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Tracing.Sdk.Testing.Decoding;

namespace Tracing.Sdk.Testing.Serving;

/// <summary>The protocol-independent part of an export: wait, decode, record and decide the answer.</summary>
internal sealed class ExportProcessor(ReceiverState state)
{
    /// <param name="protocol">How the request arrived.</param>
    /// <param name="request">The HTTP request, for its path and headers.</param>
    /// <param name="message">The uncompressed protobuf message, or <see langword="null"/> when the framing or compression was broken.</param>
    /// <param name="bodyBytes">The size of the body on the wire.</param>
    /// <param name="compressed">Whether the body was compressed.</param>
    public async Task<ExportOutcome> ProcessAsync(
        ReceivedProtocol protocol,
        HttpRequest request,
        byte[]? message,
        long bodyBytes,
        bool compressed)
    {
        var behavior = state.Behavior;
        if (behavior.Delay > TimeSpan.Zero)
        {
            await Task.Delay(behavior.Delay, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }

        var spans = message is null ? null : TryDecode(message);
        var malformed = spans is null;
        state.Record(new ReceivedRequest
        {
            Protocol = protocol,
            Path = request.Path.Value ?? string.Empty,
            Headers = CopyHeaders(request.Headers),
            BodyBytes = bodyBytes,
            Compressed = compressed,
            ReceivedAt = DateTimeOffset.UtcNow,
            Accepted = !malformed && behavior.Mode == OtlpReceiverMode.Accept,
            Spans = spans ?? [],
        });
        return new ExportOutcome(behavior.Mode, behavior.RetryAfter, malformed);
    }

    private static IReadOnlyList<ReceivedSpan>? TryDecode(byte[] message)
    {
        try
        {
            return SpanConverter.ToReceivedSpans(ExportTraceServiceRequest.Parser.ParseFrom(message));
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
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
