using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Tracing.Sdk.Testing.Serving;

/// <summary>
/// Encodes a <c>google.rpc.Status</c> (code = 1, message = 2, details = 3), with a <c>google.rpc.RetryInfo</c> detail
/// (retry_delay = 1) when a retry delay is advertised. Written by hand to avoid vendoring the googleapis protos.
/// </summary>
internal static class RpcStatus
{
    private const string RetryInfoTypeUrl = "type.googleapis.com/google.rpc.RetryInfo";

    public static byte[] Encode(int code, string message, TimeSpan? retryDelay)
    {
        using var buffer = new MemoryStream();
        using var output = new CodedOutputStream(buffer, leaveOpen: true);
        output.WriteTag(1, WireFormat.WireType.Varint);
        output.WriteInt32(code);
        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteString(message);
        if (retryDelay is { } delay)
        {
            output.WriteTag(3, WireFormat.WireType.LengthDelimited);
            output.WriteMessage(new Any { TypeUrl = RetryInfoTypeUrl, Value = EncodeRetryInfo(delay) });
        }

        output.Flush();
        return buffer.ToArray();
    }

    private static ByteString EncodeRetryInfo(TimeSpan delay)
    {
        using var buffer = new MemoryStream();
        using var output = new CodedOutputStream(buffer, leaveOpen: true);
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteMessage(Duration.FromTimeSpan(delay));
        output.Flush();
        return ByteString.CopyFrom(buffer.ToArray());
    }
}
