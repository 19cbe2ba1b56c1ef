using System.IO.Compression;
using Tracing.Sdk.Outage;

namespace Tracing.Sdk.Tests.Outage;

public class OtlpPayloadTests
{
    /// <summary>A length-delimited protobuf field.</summary>
    private static byte[] Field(int number, params byte[][] content)
    {
        var body = content.SelectMany(c => c).ToArray();
        var length = new List<byte>();
        var value = (uint)body.Length;
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            length.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);

        return [(byte)((number << 3) | 2), .. length, .. body];
    }

    private static byte[] Span(string name) => Field(2, Field(5, System.Text.Encoding.UTF8.GetBytes(name)), [0x38, 0x02]);

    private static byte[] Request(params int[] spansPerScope) =>
        Field(1, [.. Field(1, Field(1, [0x0A, 0x00])), .. spansPerScope.SelectMany(n => Field(2, [.. Field(1, [0x0A, 0x01, 0x61]), .. Enumerable.Range(0, n).SelectMany(i => Span("s" + i))]))]);

    [Fact]
    public void CountSpans_EverySpanOfEveryScope_IsCounted()
    {
        Assert.Equal(5, OtlpPayload.CountSpans(Request(2, 3), gzip: false));
        Assert.Equal(0, OtlpPayload.CountSpans([], gzip: false));
    }

    [Fact]
    public void CountSpans_ConcatenatedRequests_AreOneRequestWithBoth()
    {
        Assert.Equal(7, OtlpPayload.CountSpans([.. Request(2), .. Request(5)], gzip: false));
    }

    [Fact]
    public void CountSpans_Gzip_IsDecompressedFirst()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Request(4));
        }

        Assert.Equal(4, OtlpPayload.CountSpans(compressed.ToArray(), gzip: true));
    }

    [Fact]
    public void CountSpans_Truncated_CountsWhatIsWholeAndNeverThrows()
    {
        var request = Request(3);
        for (var length = 0; length < request.Length; length++)
        {
            Assert.InRange(OtlpPayload.CountSpans(request.AsSpan(0, length), gzip: false), 0, 3);
        }
    }

    [Fact]
    public void Frame_ThenUnframe_GivesThePayloadBack()
    {
        var payload = Request(1);
        Assert.True(OtlpPayload.TryUnframe(OtlpPayload.Frame(payload, compressed: true), out var unframed, out var compressed));
        Assert.True(compressed);
        Assert.Equal(payload, unframed.ToArray());
    }
}
