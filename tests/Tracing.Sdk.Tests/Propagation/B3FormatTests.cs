using Tracing.Sdk.Propagation;

namespace Tracing.Sdk.Tests.Propagation;

public class B3FormatTests
{
    private const string TraceId = "80f198ee56343ba864fe8b2a57d3eff7";
    private const string TraceId64 = "a3ce929d0e0e4736";
    private const string SpanId = "e457b5a2e4d86bd1";
    private const string ParentId = "05e3ac9a4f6e3b90";

    [Theory]
    [InlineData(TraceId + "-" + SpanId + "-1", "00-" + TraceId + "-" + SpanId + "-01")]
    [InlineData(TraceId + "-" + SpanId + "-d", "00-" + TraceId + "-" + SpanId + "-21")] // debug: sampled plus the private debug bit
    [InlineData(TraceId + "-" + SpanId + "-0", "00-" + TraceId + "-" + SpanId + "-00")]
    [InlineData(TraceId + "-" + SpanId, "00-" + TraceId + "-" + SpanId + "-80")] // no decision: deferred
    [InlineData(TraceId + "-" + SpanId + "-1-" + ParentId, "00-" + TraceId + "-" + SpanId + "-01")]
    [InlineData(TraceId64 + "-" + SpanId + "-1", "00-0000000000000000" + TraceId64 + "-" + SpanId + "-01")] // left-padded
    public void ParseSingle_Valid_WritesTraceParent(string header, string expected)
    {
        Span<char> traceParent = stackalloc char[55];
        Assert.Equal(B3Outcome.Context, B3Format.ParseSingle(header, traceParent));
        Assert.Equal(expected, traceParent.ToString());
    }

    [Fact]
    public void ParseSingle_DenyOnly_Deny()
    {
        Span<char> traceParent = stackalloc char[55];
        Assert.Equal(B3Outcome.Deny, B3Format.ParseSingle("0", traceParent));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")] // an accept without ids cannot be continued
    [InlineData("d")]
    [InlineData("x")]
    [InlineData(TraceId + "-" + SpanId + "-2")]
    [InlineData(TraceId + "-" + SpanId + "-true")]
    [InlineData(TraceId + "-" + SpanId + "-")]
    [InlineData(TraceId + "-" + SpanId + "-1-")]
    [InlineData(TraceId + "-" + SpanId + "-1-0000000000000000")]
    [InlineData(TraceId + "-" + SpanId + "-1-" + ParentId + "-x")]
    [InlineData(TraceId + "-" + ParentId + SpanId)]
    [InlineData("80F198EE56343BA864FE8B2A57D3EFF7-" + SpanId + "-1")] // uppercase
    [InlineData(TraceId + "-E457B5A2E4D86BD1-1")]
    [InlineData("00000000000000000000000000000000-" + SpanId + "-1")]
    [InlineData(TraceId + "-0000000000000000-1")]
    [InlineData("a3ce929d0e0e47-" + SpanId + "-1")] // 56-bit trace id
    [InlineData(TraceId + "0-" + SpanId + "-1")]
    [InlineData(TraceId + "-" + SpanId + "0-1")]
    [InlineData(TraceId + "--" + SpanId + "-1")]
    [InlineData(TraceId + "-" + SpanId + "-1\r\nx-injected: 1")]
    public void ParseSingle_Malformed_None(string header)
    {
        Span<char> traceParent = stackalloc char[55];
        Assert.Equal(B3Outcome.None, B3Format.ParseSingle(header, traceParent));
    }

    [Theory]
    [InlineData(TraceId, SpanId, "1", "", "01")]
    [InlineData(TraceId, SpanId, "true", "", "01")]
    [InlineData(TraceId, SpanId, "0", "", "00")]
    [InlineData(TraceId, SpanId, "false", "", "00")]
    [InlineData(TraceId, SpanId, "", "", "80")]
    [InlineData(TraceId, SpanId, "", "1", "21")] // X-B3-Flags: 1 is debug: sampled plus the private debug bit
    [InlineData(TraceId, SpanId, "0", "1", "21")] // debug implies accept, whatever X-B3-Sampled says
    [InlineData(TraceId, SpanId, "1", "1", "21")]
    [InlineData(TraceId, SpanId, "1", "0", "01")]
    [InlineData(TraceId, SpanId, "yes", "", "80")]
    public void ParseMulti_Valid_WritesFlags(string traceId, string spanId, string sampled, string flags, string expected)
    {
        Span<char> traceParent = stackalloc char[55];
        Assert.Equal(B3Outcome.Context, B3Format.ParseMulti(traceId, spanId, sampled, flags, traceParent));
        Assert.Equal("00-" + TraceId + "-" + SpanId + "-" + expected, traceParent.ToString());
    }

    [Fact]
    public void ParseMulti_64BitTraceId_LeftPadded()
    {
        Span<char> traceParent = stackalloc char[55];
        Assert.Equal(B3Outcome.Context, B3Format.ParseMulti(TraceId64, SpanId, "1", "", traceParent));
        Assert.Equal("00-0000000000000000" + TraceId64 + "-" + SpanId + "-01", traceParent.ToString());
    }

    [Theory]
    [InlineData("0,1", "00")]
    [InlineData("0, 1", "00")]
    [InlineData("1,0", "01")]
    [InlineData("false,\ttrue", "00")]
    [InlineData("true, false", "01")]
    public void ParseMulti_RepeatedSampled_FirstValueWins(string sampled, string flags)
    {
        Span<char> traceParent = stackalloc char[55];
        Assert.Equal(B3Outcome.Context, B3Format.ParseMulti(TraceId, SpanId, sampled, "", traceParent));
        Assert.Equal("00-" + TraceId + "-" + SpanId + "-" + flags, traceParent.ToString());
    }

    [Theory]
    [InlineData("", "0")]
    [InlineData(SpanId, "0")]
    [InlineData("", "0, 1")]
    public void ParseMulti_SampledZeroWithoutTraceId_Deny(string spanId, string sampled)
    {
        Span<char> traceParent = stackalloc char[55];
        Assert.Equal(B3Outcome.Deny, B3Format.ParseMulti("", spanId, sampled, "", traceParent));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("false")]
    public void ParseMulti_SampledZeroWithoutIds_Deny(string sampled)
    {
        Span<char> traceParent = stackalloc char[55];
        Assert.Equal(B3Outcome.Deny, B3Format.ParseMulti("", "", sampled, "", traceParent));
    }

    [Theory]
    [InlineData("", "", "1")]
    [InlineData(TraceId, "", "1")]
    [InlineData("", SpanId, "1")]
    [InlineData("80F198EE56343BA864FE8B2A57D3EFF7", SpanId, "1")]
    [InlineData(TraceId, "e457b5a2e4d86bd", "1")]
    [InlineData(TraceId + "00", SpanId, "1")]
    [InlineData("0000000000000000", SpanId, "1")]
    public void ParseMulti_Malformed_None(string traceId, string spanId, string sampled)
    {
        Span<char> traceParent = stackalloc char[55];
        Assert.Equal(B3Outcome.None, B3Format.ParseMulti(traceId, spanId, sampled, "", traceParent));
    }

    [Theory]
    [InlineData(TraceFlagBits.Sampled | TraceFlagBits.Debug, 'd')]
    [InlineData(TraceFlagBits.Debug, 'd')] // debug replaces the sampling state
    [InlineData(TraceFlagBits.Sampled | TraceFlagBits.Random, '1')]
    [InlineData(0, '0')]
    [InlineData(TraceFlagBits.Random, '0')]
    public void SamplingState_Flags_SingleHeaderState(byte flags, char expected)
    {
        Assert.Equal(expected, B3Format.SamplingState(flags));
    }

    [Fact]
    public void WriteSingle_Debug_DebugReplacesSamplingField()
    {
        Span<char> value = stackalloc char[B3Format.InjectedSingleLength];
        B3Format.WriteSingle(TraceId, SpanId, 'd', value);
        Assert.Equal(TraceId + "-" + SpanId + "-d", value.ToString());
    }

    [Fact]
    public void FormatSingle_SameIdStrings_SameValueReturned()
    {
        var traceId = new string(TraceId);
        var spanId = new string(SpanId);
        var first = B3Format.FormatSingle(traceId, spanId, '1');
        Assert.Equal(TraceId + "-" + SpanId + "-1", first);
        Assert.Same(first, B3Format.FormatSingle(traceId, spanId, '1'));
    }

    [Fact]
    public void FormatSingle_OtherStateOrIds_Rebuilt()
    {
        var traceId = new string(TraceId);
        var spanId = new string(SpanId);
        _ = B3Format.FormatSingle(traceId, spanId, '1');
        Assert.Equal(TraceId + "-" + SpanId + "-d", B3Format.FormatSingle(traceId, spanId, 'd'));
        Assert.Equal(TraceId + "-" + ParentId + "-d", B3Format.FormatSingle(traceId, ParentId, 'd'));
        Assert.Equal("0000000000000000" + TraceId64 + "-" + ParentId + "-d", B3Format.FormatSingle("0000000000000000" + TraceId64, ParentId, 'd'));
    }
}
