using Tracing.Sdk.Propagation;

namespace Tracing.Sdk.Tests.Propagation;

public class W3CBaggageTests
{
    private static Dictionary<string, string> Parse(string header)
    {
        var items = new Dictionary<string, string>(StringComparer.Ordinal);
        W3CBaggage.Parse(header, items, static (target, key, value) => target[key] = value);
        return items;
    }

    [Fact]
    public void Parse_MembersWithOwsAndProperties_KeyValuesWithoutProperties()
    {
        var items = Parse("userId = alice , serverNode=DF%2028;prop1;prop2=x ,isProduction=false");
        Assert.Equal("alice", items["userId"]);
        Assert.Equal("DF 28", items["serverNode"]);
        Assert.Equal("false", items["isProduction"]);
        Assert.Equal(3, items.Count);
    }

    [Fact]
    public void Parse_PercentEncodedUtf8_Decoded()
    {
        var items = Parse("k=%E2%82%AC%2C%3B%3D%25");
        Assert.Equal("\u20ac,;=%", items["k"]);
    }

    [Fact]
    public void Parse_InvalidUtf8_ReplacementCharacter()
    {
        Assert.Equal("a\ufffdb", Parse("k=a%FFb")["k"]);
    }

    [Fact]
    public void Parse_EmptyValue_Kept()
    {
        Assert.Equal(string.Empty, Parse("k=")["k"]);
    }

    [Theory]
    [InlineData("no-equals")]
    [InlineData("=value")]
    [InlineData("k(ey)=v")]
    [InlineData("k=v\"q")]
    [InlineData("k=a b")]
    [InlineData("k=a\\b")]
    [InlineData("k=v;=p")]
    [InlineData("k=v;p=a b")]
    [InlineData("k=v\r\nX-Injected: 1")]
    [InlineData("k=\u00e9")]
    public void Parse_MalformedMember_Dropped(string header)
    {
        Assert.Empty(Parse(header));
    }

    [Fact]
    public void Parse_MalformedMember_OthersKept()
    {
        var items = Parse("a=1,bad,b=2");
        Assert.Equal(["a", "b"], items.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_MoreThan180Members_First180Kept()
    {
        var items = Parse(string.Join(',', Enumerable.Range(0, 200).Select(i => $"k{i}={i}")));
        Assert.Equal(180, items.Count);
        Assert.True(items.ContainsKey("k179"));
        Assert.False(items.ContainsKey("k180"));
    }

    [Fact]
    public void Parse_Beyond8192Characters_MembersDroppedWhole()
    {
        var member = "k{0}=" + new string('v', 1000);
        var header = string.Join(',', Enumerable.Range(0, 10).Select(i => string.Format(System.Globalization.CultureInfo.InvariantCulture, member, i)));
        var items = Parse(header);
        Assert.Equal(8, items.Count);
        Assert.All(items.Values, value => Assert.Equal(1000, value.Length));
    }

    [Fact]
    public void Parse_TenMegabytes_BoundedAndNoThrow()
    {
        var items = Parse("k=" + new string('v', 10 * 1024 * 1024));
        Assert.Empty(items);
    }

    [Fact]
    public void Format_ValuesNeedingEncoding_PercentEncoded()
    {
        var header = W3CBaggage.Format(new Dictionary<string, string> { ["k"] = "a b,c;d=\u20ac%\r\n" });
        Assert.Equal("k=a%20b%2Cc%3Bd=%E2%82%AC%25%0D%0A", header);
    }

    [Fact]
    public void Format_InvalidKeys_Skipped()
    {
        var header = W3CBaggage.Format(new Dictionary<string, string> { ["bad key"] = "1", ["ok"] = "2", ["x\r\ny"] = "3" });
        Assert.Equal("ok=2", header);
    }

    [Fact]
    public void Format_Nothing_Null()
    {
        Assert.Null(W3CBaggage.Format(new Dictionary<string, string>()));
    }

    [Fact]
    public void Format_Limits_AtMost180MembersAnd8192Characters()
    {
        var many = Enumerable.Range(0, 300).ToDictionary(i => $"k{i}", i => "v");
        Assert.Equal(180, W3CBaggage.Format(many)!.Split(',').Length);

        var large = Enumerable.Range(0, 20).ToDictionary(i => $"k{i}", i => new string('v', 1000));
        var header = W3CBaggage.Format(large)!;
        Assert.True(header.Length <= 8192);
        Assert.Equal(8, header.Split(',').Length);
    }

    [Fact]
    public void FormatThenParse_AnyValue_RoundTrips()
    {
        var values = new Dictionary<string, string> { ["a"] = "plain", ["b"] = "sp ace,comma;semi=eq%pct", ["c"] = "\u00e9\u20ac\ud83d\ude00", ["d"] = string.Empty };
        var parsed = Parse(W3CBaggage.Format(values)!);
        Assert.Equal(values.OrderBy(p => p.Key, StringComparer.Ordinal), parsed.OrderBy(p => p.Key, StringComparer.Ordinal));
    }
}
