using Tracing.Sdk.AspNetCore.ServerSpans;

namespace Tracing.Sdk.AspNetCore.Tests.ServerSpans;

public class QueryRedactionTests
{
    [Theory]
    [InlineData("?a=1", "a=REDACTED")]
    [InlineData("?a=1&b=2", "a=REDACTED&b=REDACTED")]
    [InlineData("?flag", "flag")]
    [InlineData("?a=&b", "a=REDACTED&b")]
    [InlineData("?token=eyJhbGciOi.x.y&user=alice%40example.com", "token=REDACTED&user=REDACTED")]
    [InlineData("?", "")]
    [InlineData("?a=1=2", "a=REDACTED")]
    public void Redact_Query_KeepsNamesAndHidesValues(string query, string expected)
    {
        Assert.Equal(expected, new QueryRedaction([]).Redact(query));
    }

    [Fact]
    public void Redact_VisibleParameter_KeepsItsValueOnly()
    {
        var redaction = new QueryRedaction(["page", "SORT"]);

        Assert.Equal("page=2&sort=name&token=REDACTED", redaction.Redact("?page=2&sort=name&token=abc"));
    }
}
