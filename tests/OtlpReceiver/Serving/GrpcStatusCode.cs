namespace Tracing.Sdk.Testing.Serving;

/// <summary>The gRPC status codes the receiver answers with.</summary>
internal enum GrpcStatusCode
{
    Ok = 0,
    InvalidArgument = 3,
    ResourceExhausted = 8,
    Unimplemented = 12,
    Unavailable = 14,
}
