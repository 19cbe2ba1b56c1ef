using System.Diagnostics;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Tracing.Sdk.Aws.Telemetry;

namespace Tracing.Sdk.Aws.Tests.Telemetry;

public sealed class AwsSpanAttributesTests
{
    [Fact]
    public void ErrorTypeOf_ServiceErrorWithCode_IsTheCode()
    {
        Assert.Equal("ThrottlingException", AwsSpanAttributes.ErrorTypeOf(new AmazonDynamoDBExceptionWithCode("ThrottlingException")));
    }

    [Fact]
    public void ErrorTypeOf_ClientErrorWithCause_IsTheCausesType()
    {
        var error = new AmazonClientException("failed", new TimeoutException());

        Assert.Equal(typeof(TimeoutException).FullName, AwsSpanAttributes.ErrorTypeOf(error));
    }

    [Theory]
    [InlineData("exception.message", "The item s3cr3t failed")]
    [InlineData("exception.stacktrace", "at ...")]
    [InlineData("http.request_content_length", 12L)]
    [InlineData("some.future.attribute", "value")]
    public void Apply_AttributeOutsideAllowList_IsDropped(string key, object value)
    {
        using var activity = new Activity("test");

        AwsSpanAttributes.Apply(activity, key, value);

        Assert.Empty(activity.TagObjects);
    }

    [Fact]
    public void Apply_SdkHttpStatusCode_IsRenamedPerCurrentConventions()
    {
        using var activity = new Activity("test");

        AwsSpanAttributes.Apply(activity, "http.status_code", 400);

        Assert.Equal(400, activity.GetTagItem("http.response.status_code"));
        Assert.Null(activity.GetTagItem("http.status_code"));
    }

    private sealed class AmazonDynamoDBExceptionWithCode : AmazonServiceException
    {
        public AmazonDynamoDBExceptionWithCode(string errorCode)
            : base("failed")
        {
            ErrorCode = errorCode;
        }
    }
}
