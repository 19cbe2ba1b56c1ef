using System.Diagnostics;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Sample;

/// <summary>
/// A request sent with a <c>traceparent</c> of its own, so its spans can be told apart from every other test's on the
/// shared receiver (the sample trusts incoming context, the library's default).
/// </summary>
internal sealed record TracedRequest(HttpResponseMessage Response, string Body, string TraceId, string CallerSpanId)
{
    public static async Task<TracedRequest> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callerSpanId = ActivitySpanId.CreateRandom().ToHexString();
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new TracedRequest(response, body, traceId, callerSpanId);
    }

    /// <summary>
    /// Waits for this request's server span. Spans end before the server span that contains them, so once it arrived,
    /// every span of the request has (the batch exporter keeps the order spans ended in).
    /// </summary>
    public async Task<IReadOnlyList<ReceivedSpan>> SpansAsync(OtlpReceiver receiver)
    {
        await receiver.WaitForSpansAsync(
            spans => spans.Any(s => s.TraceId == TraceId && s.Kind == ReceivedSpanKind.Server),
            TimeSpan.FromSeconds(30));
        return [.. receiver.Spans.Where(s => s.TraceId == TraceId).OrderBy(s => s.StartTime)];
    }
}
