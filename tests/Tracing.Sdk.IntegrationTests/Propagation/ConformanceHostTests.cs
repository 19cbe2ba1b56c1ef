using System.Net.Http.Json;
using System.Text.Json;

namespace Tracing.Sdk.IntegrationTests.Propagation;

/// <summary>The conformance host's W3C test-harness contract (<c>POST /test</c>) and its trust of hostile input.</summary>
[Collection(ProcessWidePropagation.Name)]
public class ConformanceHostTests
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string SpanId = "b7ad6b7169203331";

    [Fact]
    public async Task Test_HarnessCases_EachArgumentsPostedWithContext()
    {
        await using var runner = await ConformanceHostRunner.StartAsync("tracecontext");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/test")
        {
            Content = JsonContent.Create(new[]
            {
                new { url = runner.CallbackUrl.ToString(), arguments = Array.Empty<object>() },
                new { url = runner.CallbackUrl.ToString(), arguments = Array.Empty<object>() },
            }),
        };
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{TraceId}-{SpanId}-01");
        request.Headers.TryAddWithoutValidation("tracestate", "foo=1,bar=2");

        using var response = await runner.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        Assert.Equal(2, runner.Received.Count);
        foreach (var headers in runner.Received)
        {
            Assert.Matches($"^00-{TraceId}-[0-9a-f]{{16}}-01$", headers["traceparent"]);
            Assert.DoesNotContain(SpanId, headers["traceparent"], StringComparison.Ordinal);
            Assert.Equal("foo=1,bar=2", headers["tracestate"]);
        }
    }

    [Theory]
    [InlineData("00-0AF7651916CD43DD8448EB211C80319C-" + SpanId + "-01")]
    [InlineData("00-" + TraceId + "-" + SpanId + "-01,00-" + TraceId + "-" + SpanId + "-01")]
    [InlineData("ff-" + TraceId + "-" + SpanId + "-01")]
    public async Task TraceEcho_InvalidTraceParent_FreshTraceNoEcho(string traceParent)
    {
        await using var runner = await ConformanceHostRunner.StartAsync("tracecontext,baggage");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/trace-echo?callback=" + Uri.EscapeDataString(runner.CallbackUrl.ToString()));
        request.Headers.TryAddWithoutValidation("traceparent", traceParent);
        request.Headers.TryAddWithoutValidation("baggage", "k=v%0D%0Ax-injected:%201");

        using var response = await runner.Client.SendAsync(request);
        var echo = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(TraceId, echo.GetProperty("traceId").GetString());
        Assert.Equal(JsonValueKind.Null, echo.GetProperty("parentSpanId").ValueKind);

        Assert.True(runner.Received.TryDequeue(out var outgoing));
        Assert.False(outgoing.ContainsKey("x-injected"));
        Assert.Equal("k=v%0D%0Ax-injected:%201", outgoing["baggage"]); // CR LF stay encoded; ":" is a legal baggage octet
    }
}
