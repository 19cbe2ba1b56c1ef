using Tracing.Sdk.Propagation;

namespace Tracing.Sdk.Tests.Propagation;

public class W3CTraceContextTests
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string SpanId = "b7ad6b7169203331";
    private const string Valid = "00-" + TraceId + "-" + SpanId + "-01";

    [Theory]
    [InlineData("00-" + TraceId + "-" + SpanId + "-01", "01")]
    [InlineData("00-" + TraceId + "-" + SpanId + "-00", "00")]
    [InlineData("00-" + TraceId + "-" + SpanId + "-03", "03")]
    public void TryParseTraceParent_Version00_KeepsSampledAndRandom(string header, string flags)
    {
        Span<char> destination = stackalloc char[55];
        Assert.True(W3CTraceContext.TryParseTraceParent(header, destination, out var canonical));
        Assert.True(canonical);
        Assert.Equal("00-" + TraceId + "-" + SpanId + "-" + flags, destination.ToString());
    }

    [Fact]
    public void TryParseTraceParent_UnknownFlags_ZeroedAndNotCanonical()
    {
        Span<char> destination = stackalloc char[55];
        Assert.True(W3CTraceContext.TryParseTraceParent("00-" + TraceId + "-" + SpanId + "-ff", destination, out var canonical));
        Assert.False(canonical);
        Assert.EndsWith("-03", destination.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cc-" + TraceId + "-" + SpanId + "-01")]
    [InlineData("cc-" + TraceId + "-" + SpanId + "-01-what-the-future-will-be-like")]
    [InlineData("01-" + TraceId + "-" + SpanId + "-01-")]
    public void TryParseTraceParent_FutureVersion_ParsedByKnownPrefix(string header)
    {
        Span<char> destination = stackalloc char[55];
        Assert.True(W3CTraceContext.TryParseTraceParent(header, destination, out var canonical));
        Assert.False(canonical);
        Assert.Equal(Valid, destination.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("ff-" + TraceId + "-" + SpanId + "-01")] // version ff is invalid
    [InlineData("0-" + TraceId + "-" + SpanId + "-01")]
    [InlineData("000-" + TraceId + "-" + SpanId + "-01")]
    [InlineData("0g-" + TraceId + "-" + SpanId + "-01")]
    [InlineData("00-" + TraceId + "-" + SpanId + "-01-")] // version 00 has no more fields
    [InlineData("00-" + TraceId + "-" + SpanId + "-01 ")]
    [InlineData("cc-" + TraceId + "-" + SpanId + "-01.what")] // future versions continue with '-'
    [InlineData("00-0AF7651916CD43DD8448EB211C80319C-" + SpanId + "-01")] // uppercase
    [InlineData("00-" + TraceId + "-B7AD6B7169203331-01")]
    [InlineData("00-" + TraceId + "-" + SpanId + "-0A")]
    [InlineData("00-00000000000000000000000000000000-" + SpanId + "-01")] // all-zero trace id
    [InlineData("00-" + TraceId + "-0000000000000000-01")] // all-zero parent id
    [InlineData("00_" + TraceId + "-" + SpanId + "-01")]
    [InlineData("00-" + TraceId + "_" + SpanId + "-01")]
    [InlineData("00-" + TraceId + "-" + SpanId + "_01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319-cb7ad6b7169203331-01")] // separator moved
    [InlineData("00-" + TraceId + "-" + SpanId + "-1")]
    [InlineData("00-" + TraceId + "-" + SpanId + "-0x")]
    [InlineData("00-" + TraceId + "-" + SpanId + "\n01")]
    [InlineData("00-" + TraceId + "-" + SpanId + "-01," + "00-" + TraceId + "-" + SpanId + "-01")] // duplicated header
    public void TryParseTraceParent_Malformed_Invalid(string header)
    {
        Span<char> destination = stackalloc char[55];
        Assert.False(W3CTraceContext.TryParseTraceParent(header, destination, out _));
    }

    [Theory]
    [InlineData("foo=1")]
    [InlineData("foo=1,bar=2")]
    [InlineData(" foo=1 ,\tbar=2\t")]
    [InlineData("foo=1,,bar=2")]
    [InlineData("tenant@system=value")]
    [InlineData("0tenant@vendor=value")]
    [InlineData("a_-*/z=v")]
    [InlineData("1foo=1")] // Level 2: a key may start with a digit
    [InlineData("foo@=1,bar=2")] // Level 2: '@' anywhere after the first character (harness key_illegal_vendor_format)
    [InlineData("foo@@bar=1,bar=2")]
    [InlineData("foo@bar@baz=1,bar=2")]
    [InlineData("tenant@systemnameistoolong=1")] // no 14-character system limit any more
    [InlineData("tenant@0system=1")]
    [InlineData("foo=1,foo=1")] // repeated keys are tolerated (harness tracestate_duplicated_keys)
    [InlineData("foo=1,foo=2")]
    [InlineData("foo= leading space ok")]
    [InlineData("foo=!\"#$%&'()*+-./:;<>?@[\\]^_`{|}~")]
    public void IsValidTraceState_Grammar_Valid(string value) => Assert.True(W3CTraceContext.IsValidTraceState(value));

    [Theory]
    [InlineData("")]
    [InlineData(",,")]
    [InlineData("Foo=1")] // uppercase key
    [InlineData("FOO=1")]
    [InlineData("foo =1")] // white space inside a member
    [InlineData("foo.bar=1")]
    [InlineData("_foo=1")] // a key starts with a letter or a digit
    [InlineData("foo")]
    [InlineData("=1")]
    [InlineData("foo=")]
    [InlineData("foo=a,b")] // missing '=' in second member
    [InlineData("foo=a=b")]
    [InlineData("foo=bar=baz")]
    [InlineData("foo=,bar=3")]
    [InlineData("foo=\u00e9")]
    [InlineData("foo=a\u0001b")]
    [InlineData("foo=a\r\nX-Injected: 1")]
    [InlineData("@system=1")]
    [InlineData("@foo=1,bar=2")]
    [InlineData("tenant@System=1")]
    public void IsValidTraceState_Malformed_Invalid(string value) => Assert.False(W3CTraceContext.IsValidTraceState(value));

    [Fact]
    public void IsValidTraceState_32Members_Valid()
    {
        var value = string.Join(',', Enumerable.Range(0, 32).Select(i => $"k{i}=v{i}"));
        Assert.True(W3CTraceContext.IsValidTraceState(value));
    }

    [Fact]
    public void IsValidTraceState_33Members_Invalid()
    {
        var value = string.Join(',', Enumerable.Range(0, 33).Select(i => $"k{i}=v{i}"));
        Assert.False(W3CTraceContext.IsValidTraceState(value));
    }

    [Fact]
    public void IsValidTraceState_LongestLegalKeysAndValues_ValidBeyond512Characters()
    {
        var value = string.Join(',', Enumerable.Range(0, 32).Select(i => "k" + new string((char)('a' + (i % 26)), 254) + (char)('a' + (i / 26)) + "=" + new string('v', 256)));
        Assert.True(value.Length > 512);
        Assert.True(W3CTraceContext.IsValidTraceState(value));
    }

    [Fact]
    public void IsValidTraceState_KeyOrValueTooLong_Invalid()
    {
        Assert.False(W3CTraceContext.IsValidTraceState("k" + new string('a', 256) + "=v"));
        Assert.False(W3CTraceContext.IsValidTraceState("k=" + new string('v', 257)));
    }

    [Theory]
    [InlineData(256, -1)]
    [InlineData(256, 241)] // Level 1's longest tenant@system
    [InlineData(256, 242)] // a tenant Level 1 found too long
    [InlineData(17, 1)] // a system Level 1 found too long
    [InlineData(256, 255)]
    public void IsValidKey_Level2KeyUpTo256Characters_Valid(int length, int at)
    {
        var key = new string('t', length).ToCharArray();
        if (at >= 0)
        {
            key[at] = '@';
        }

        Assert.True(W3CTraceContext.IsValidKey(key));
        Assert.True(W3CTraceContext.IsValidTraceState("foo=1," + new string(key) + "=1"));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100)]
    public void IsValidTraceState_257CharacterKey_Invalid(int at)
    {
        var key = new string('z', 257).ToCharArray();
        if (at >= 0)
        {
            key[at] = '@';
        }

        Assert.False(W3CTraceContext.IsValidTraceState("foo=1," + new string(key) + "=1"));
    }

    [Theory]
    [InlineData("foo=1,foo=1", "foo=1")]
    [InlineData("foo=1,foo=2", "foo=1")]
    [InlineData(" foo=1 , bar=2,\tfoo=3 ,, baz=4\t", "foo=1,bar=2,baz=4")]
    [InlineData("a=1,b=2,a=3,b=4,c=5", "a=1,b=2,c=5")]
    public void ReadTraceState_RepeatedKeys_FirstMemberOfEachKeyKept(string received, string propagated) =>
        Assert.Equal(propagated, W3CTraceContext.ReadTraceState(received));

    [Fact]
    public void ReadTraceState_32MembersWithRepeats_FirstOfEachKept()
    {
        var received = string.Join(',', Enumerable.Range(0, 32).Select(i => $"k{i % 16}=v{i}"));
        var propagated = string.Join(',', Enumerable.Range(0, 16).Select(i => $"k{i}=v{i}"));
        Assert.Equal(propagated, W3CTraceContext.ReadTraceState(received));
    }

    [Fact]
    public void IsValidTraceState_TenMegabytes_InvalidWithoutReading()
    {
        var huge = new string('a', 10 * 1024 * 1024);
        Assert.False(W3CTraceContext.IsValidTraceState(huge));
    }
}
