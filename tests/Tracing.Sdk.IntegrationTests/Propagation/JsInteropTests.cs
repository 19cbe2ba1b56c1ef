using System.Text.Json;
using Tracing.Sdk.Propagation;

namespace Tracing.Sdk.IntegrationTests.Propagation;

/// <summary>
/// Round trips with the official OpenTelemetry JS propagators: JS generates headers, the conformance host continues
/// the trace, and JS reads the host's outgoing headers back as the same trace.
/// </summary>
[Collection(ProcessWidePropagation.Name)]
public class JsInteropTests
{
    [Theory]
    [InlineData("tracecontext", "tracecontext,baggage", "tracecontext")]
    [InlineData("b3", "b3", "b3")]
    [InlineData("b3multi", "b3multi", "b3")]
    [InlineData("b3", "tracecontext,baggage,b3multi", "tracecontext")] // single b3 read although b3multi is configured
    [InlineData("b3multi", "b3,tracecontext", "b3")]
    public async Task RoundTrip_JsHeaders_SameTraceBothWays(string jsFormat, string configured, string readBack)
    {
        await NodeInterop.EnsureInstalledAsync();
        await using var runner = await ConformanceHostRunner.StartAsync(configured);

        var generated = await NodeInterop.NodeAsync("generate.js", null, jsFormat, "1");
        var traceId = generated.GetProperty("traceId").GetString();
        var spanId = generated.GetProperty("spanId").GetString();

        var (echo, outgoing) = await runner.TraceEchoAsync(generated.GetProperty("headers"));
        Assert.Equal(traceId, echo.GetProperty("traceId").GetString());
        Assert.Equal(spanId, echo.GetProperty("parentSpanId").GetString());
        Assert.True(echo.GetProperty("sampled").GetBoolean());

        var parsed = await NodeInterop.NodeAsync("parse.js", JsonSerializer.Serialize(outgoing));
        var context = parsed.GetProperty(readBack);
        Assert.Equal(JsonValueKind.Object, context.ValueKind);
        Assert.Equal(traceId, context.GetProperty("traceId").GetString());
        Assert.NotEqual(spanId, context.GetProperty("spanId").GetString());
        Assert.NotEqual(echo.GetProperty("spanId").GetString(), context.GetProperty("spanId").GetString()); // the HttpClient span is the parent
        Assert.Equal(1, context.GetProperty("traceFlags").GetInt32() & 1);
    }

    [Theory]
    [InlineData("tracecontext")]
    [InlineData("b3")]
    [InlineData("b3multi")]
    public async Task RoundTrip_NotSampled_DecisionKept(string format)
    {
        await NodeInterop.EnsureInstalledAsync();
        await using var runner = await ConformanceHostRunner.StartAsync("tracecontext,b3");

        var generated = await NodeInterop.NodeAsync("generate.js", null, format, "0");
        var (echo, outgoing) = await runner.TraceEchoAsync(generated.GetProperty("headers"));
        Assert.False(echo.GetProperty("sampled").GetBoolean());

        var parsed = await NodeInterop.NodeAsync("parse.js", JsonSerializer.Serialize(outgoing));
        foreach (var name in new[] { "tracecontext", "b3" })
        {
            Assert.Equal(generated.GetProperty("traceId").GetString(), parsed.GetProperty(name).GetProperty("traceId").GetString());
            Assert.Equal(0, parsed.GetProperty(name).GetProperty("traceFlags").GetInt32() & 1);
        }
    }

    [Theory]
    [InlineData("b3", "b3", "d")]
    [InlineData("b3", "b3multi", "1")]
    [InlineData("b3multi", "b3", "d")]
    [InlineData("b3multi", "b3multi", "1")]
    [InlineData("b3", "tracecontext,baggage,b3multi", "1")]
    public async Task RoundTrip_JsB3Debug_JsReadsDebugBack(string jsFormat, string configured, string expectedDebug)
    {
        await NodeInterop.EnsureInstalledAsync();
        await using var runner = await ConformanceHostRunner.StartAsync(configured);

        var generated = await NodeInterop.NodeAsync("generate.js", null, jsFormat, "d");
        var (echo, outgoing) = await runner.TraceEchoAsync(generated.GetProperty("headers"));
        Assert.Equal(generated.GetProperty("traceId").GetString(), echo.GetProperty("traceId").GetString());
        Assert.True(echo.GetProperty("sampled").GetBoolean());
        Assert.Equal(0, echo.GetProperty("traceFlags").GetInt32() & TraceFlagBits.Debug); // never on the exported span

        var parsed = await NodeInterop.NodeAsync("parse.js", JsonSerializer.Serialize(outgoing));
        var b3 = parsed.GetProperty("b3");
        Assert.Equal(generated.GetProperty("traceId").GetString(), b3.GetProperty("traceId").GetString());
        Assert.Equal(1, b3.GetProperty("traceFlags").GetInt32() & 1);
        Assert.Equal(expectedDebug, b3.GetProperty("debug").GetString());
        if (configured.Contains("tracecontext", StringComparison.Ordinal))
        {
            Assert.Equal(1, parsed.GetProperty("tracecontext").GetProperty("traceFlags").GetInt32());
        }
    }

    [Fact]
    public async Task RoundTrip_JsB3SampledWithoutDebug_NoDebugBack()
    {
        await NodeInterop.EnsureInstalledAsync();
        await using var runner = await ConformanceHostRunner.StartAsync("b3multi");

        var generated = await NodeInterop.NodeAsync("generate.js", null, "b3", "1");
        var (_, outgoing) = await runner.TraceEchoAsync(generated.GetProperty("headers"));

        var parsed = await NodeInterop.NodeAsync("parse.js", JsonSerializer.Serialize(outgoing));
        Assert.Equal(JsonValueKind.Null, parsed.GetProperty("b3").GetProperty("debug").ValueKind);
    }

    [Fact]
    public async Task RoundTrip_JsBaggage_ReadByAppAndForwarded()
    {
        await NodeInterop.EnsureInstalledAsync();
        await using var runner = await ConformanceHostRunner.StartAsync("tracecontext,baggage");

        var generated = await NodeInterop.NodeAsync("generate.js", null, "tracecontext", "1", "user=al ice,tenant=a;b,euro=\u20ac");
        var (echo, outgoing) = await runner.TraceEchoAsync(generated.GetProperty("headers"));
        var baggage = echo.GetProperty("baggage");
        Assert.Equal("al ice", baggage.GetProperty("user").GetString());
        Assert.Equal("a;b", baggage.GetProperty("tenant").GetString());
        Assert.Equal("\u20ac", baggage.GetProperty("euro").GetString());

        var parsed = await NodeInterop.NodeAsync("parse.js", JsonSerializer.Serialize(outgoing));
        Assert.Equal("al ice", parsed.GetProperty("baggage").GetProperty("user").GetString());
        Assert.Equal("a;b", parsed.GetProperty("baggage").GetProperty("tenant").GetString());
        Assert.Equal("\u20ac", parsed.GetProperty("baggage").GetProperty("euro").GetString());
    }
}
