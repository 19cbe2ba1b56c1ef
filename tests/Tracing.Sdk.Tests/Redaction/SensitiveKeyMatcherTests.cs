using Tracing.Sdk.Redaction;

namespace Tracing.Sdk.Tests.Redaction;

public class SensitiveKeyMatcherTests
{
    [Fact]
    public void IsSensitive_SameKeyAsOtherInstances_SameAnswerEveryTime()
    {
        var matcher = new SensitiveKeyMatcher(["token"]);
        var constant = "auth.Token";
        var copy = new string(constant.AsSpan());

        for (var i = 0; i < 3; i++)
        {
            Assert.True(matcher.IsSensitive(constant));
            Assert.True(matcher.IsSensitive(copy));
            Assert.False(matcher.IsSensitive("http.route"));
        }
    }

    [Fact]
    public void IsSensitive_MoreKeysThanRemembered_EveryAnswerStillRight()
    {
        var matcher = new SensitiveKeyMatcher(["secret"]);

        for (var i = 0; i < 5000; i++)
        {
            Assert.Equal(i % 2 == 0, matcher.IsSensitive(i % 2 == 0 ? $"app.secret.{i}" : $"app.key.{i}"));
        }

        Assert.True(matcher.IsSensitive("client_secret"));
        Assert.False(matcher.IsSensitive("url.path"));
    }
}
