namespace Tracing.Sdk.Testing.Serving;

/// <summary>The size of a gRPC request body on the wire, set by <see cref="GrpcRequestMeter"/> for the service method.</summary>
/// <param name="Bytes">The framed, possibly compressed, body length.</param>
internal sealed record GrpcRequestSize(long Bytes);
