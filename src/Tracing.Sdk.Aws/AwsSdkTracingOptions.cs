namespace Tracing.Sdk.Aws;

/// <summary>
/// Options for <c>AddAwsSdk</c>. Every AWS SDK call becomes one client span named <c>{Service}.{Operation}</c>
/// (for example <c>DynamoDB.PutItem</c>); these options decide what else is recorded around it.
/// </summary>
public sealed class AwsSdkTracingOptions
{
    /// <summary>
    /// Whether the AWS SDK's own internal spans are recorded under each client span: <c>HttpRequest</c> (one per attempt),
    /// <c>CredentialsRetrieval</c> and <c>RequestCompression</c>. Set in code only. Default: <see langword="false"/>; the
    /// <see cref="HttpClient"/> span of each attempt is recorded either way.
    /// </summary>
    public bool RecordSdkInternalSpans { get; set; }
}
