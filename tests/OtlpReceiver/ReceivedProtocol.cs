namespace Tracing.Sdk.Testing;

/// <summary>How an export request reached the receiver.</summary>
public enum ReceivedProtocol
{
    /// <summary>OTLP/gRPC: <c>POST /opentelemetry.proto.collector.trace.v1.TraceService/Export</c>.</summary>
    Grpc,

    /// <summary>OTLP/HTTP with a binary protobuf body: <c>POST /v1/traces</c>.</summary>
    HttpProtobuf,
}
