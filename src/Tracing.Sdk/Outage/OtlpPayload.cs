using System.Buffers.Binary;
using System.IO.Compression;

namespace Tracing.Sdk.Outage;

/// <summary>
/// The little of OTLP's wire form that storage needs: the gRPC message frame around a payload, and the number of spans
/// in an <c>ExportTraceServiceRequest</c>, so what is stored, delivered or dropped can be counted in spans. Two
/// serialized requests concatenated are one valid request with both their spans, which lets delivery send several
/// stored payloads at once.
/// </summary>
internal static class OtlpPayload
{
    public const string GrpcContentType = "application/grpc";
    public const string ProtobufContentType = "application/x-protobuf";
    public const int GrpcFrameHeaderSize = 5;

    /// <summary>Removes the gRPC frame: 1 byte compressed flag, 4 bytes big-endian length.</summary>
    public static bool TryUnframe(byte[] body, out ArraySegment<byte> payload, out bool compressed)
    {
        payload = default;
        compressed = false;
        if (body.Length < GrpcFrameHeaderSize)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4));
        if (length != body.Length - GrpcFrameHeaderSize)
        {
            return false;
        }

        compressed = body[0] == 1;
        payload = new ArraySegment<byte>(body, GrpcFrameHeaderSize, (int)length);
        return true;
    }

    public static byte[] Frame(ReadOnlySpan<byte> payload, bool compressed)
    {
        var body = new byte[GrpcFrameHeaderSize + payload.Length];
        body[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1, 4), (uint)payload.Length);
        payload.CopyTo(body.AsSpan(GrpcFrameHeaderSize));
        return body;
    }

    /// <summary>The spans in a serialized request (gzip-compressed when <paramref name="gzip"/>); 0 when it cannot be read.</summary>
    public static int CountSpans(ReadOnlySpan<byte> payload, bool gzip)
    {
        if (!gzip)
        {
            return CountSpans(payload);
        }

        try
        {
            using var compressed = new MemoryStream(payload.ToArray());
            using var inflate = new GZipStream(compressed, CompressionMode.Decompress);
            using var plain = new MemoryStream();
            inflate.CopyTo(plain);
            return CountSpans(plain.GetBuffer().AsSpan(0, (int)plain.Length));
        }
        catch (InvalidDataException)
        {
            return 0;
        }
    }

    /// <summary>ExportTraceServiceRequest.resource_spans (1) → ResourceSpans.scope_spans (2) → ScopeSpans.spans (2).</summary>
    internal static int CountSpans(ReadOnlySpan<byte> request)
    {
        var spans = 0;
        foreach (var resourceSpans in Fields(request, 1))
        {
            foreach (var scopeSpans in Fields(request.Slice(resourceSpans.Start, resourceSpans.Length), 2))
            {
                foreach (var _ in Fields(request.Slice(resourceSpans.Start, resourceSpans.Length).Slice(scopeSpans.Start, scopeSpans.Length), 2))
                {
                    spans++;
                }
            }
        }

        return spans;
    }

    /// <summary>The length-delimited occurrences of <paramref name="field"/> in a message; stops at the first malformed byte.</summary>
    private static List<(int Start, int Length)> Fields(ReadOnlySpan<byte> message, int field)
    {
        var found = new List<(int, int)>();
        var position = 0;
        while (position < message.Length)
        {
            if (!TryVarint(message, ref position, out var tag))
            {
                break;
            }

            var wireType = (int)(tag & 7);
            ulong length;
            switch (wireType)
            {
                case 0:
                    if (!TryVarint(message, ref position, out _))
                    {
                        return found;
                    }

                    continue;
                case 1:
                    position += 8;
                    continue;
                case 5:
                    position += 4;
                    continue;
                case 2:
                    if (!TryVarint(message, ref position, out length) || length > (ulong)(message.Length - position))
                    {
                        return found;
                    }

                    if ((int)(tag >> 3) == field)
                    {
                        found.Add((position, (int)length));
                    }

                    position += (int)length;
                    continue;
                default:
                    return found;
            }
        }

        return found;
    }

    private static bool TryVarint(ReadOnlySpan<byte> data, ref int position, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && position < data.Length; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
