using Tracing.Sdk.Configuration;

namespace Tracing.Sdk.Tests.Configuration;

public class KeyValueListParserTests
{
    [Fact]
    public void Parse_WellFormedList_TrimsAndKeepsOrder()
    {
        var diagnostics = new SetupDiagnostics();

        var pairs = KeyValueListParser.Parse(" a = 1 , b=two,c= ", "KEY", diagnostics);

        Assert.Equal([new("a", "1"), new("b", "two"), new("c", "")], pairs);
        Assert.Empty(diagnostics.Warnings);
    }

    [Fact]
    public void Parse_PercentEncodedKeysAndValues_Decodes()
    {
        var pairs = KeyValueListParser.Parse("deployment%3Dname=a%2Cb%3Dc,city=M%C3%BCnchen%20Ost", "KEY", new SetupDiagnostics());

        Assert.Equal([new("deployment=name", "a,b=c"), new("city", "München Ost")], pairs);
    }

    [Theory]
    [InlineData("novalue")]
    [InlineData("=value")]
    [InlineData("k=%zz")]
    [InlineData("k=%4")]
    [InlineData("k=%C3%28")]
    public void Parse_MalformedPair_SkipsItAndWarnsByPositionOnly(string malformed)
    {
        var diagnostics = new SetupDiagnostics();

        var pairs = KeyValueListParser.Parse("good=1," + malformed + ",also=2", "OTEL_EXPORTER_OTLP_HEADERS", diagnostics);

        Assert.Equal([new("good", "1"), new("also", "2")], pairs);
        var warning = Assert.Single(diagnostics.Warnings);
        Assert.Contains("OTEL_EXPORTER_OTLP_HEADERS", warning, StringComparison.Ordinal);
        Assert.Contains("entry 2", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("value", warning.Replace("key=value", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(",,")]
    public void Parse_Empty_ReturnsNothing(string? list)
    {
        var diagnostics = new SetupDiagnostics();

        Assert.Empty(KeyValueListParser.Parse(list, "KEY", diagnostics));
        Assert.Empty(diagnostics.Warnings);
    }
}
