using Tracing.Sdk.AspNetCore.ServerSpans;

namespace Tracing.Sdk.AspNetCore.Tests.ServerSpans;

public class ServerStartTagsTests
{
    [Theory]
    [InlineData("GET", "GET")]
    [InlineData("get", "GET")]
    [InlineData("Patch", "PATCH")]
    [InlineData("CONNECT", "CONNECT")]
    [InlineData("PURGE", "_OTHER")]
    [InlineData("", "_OTHER")]
    public void NormalizeMethod_KnownInUpperCase_OthersAsOther(string method, string expected) =>
        Assert.Equal(expected, ServerStartTags.NormalizeMethod(method));
}
