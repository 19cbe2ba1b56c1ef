using System.IO.Compression;

namespace Tracing.Sdk.Testing.Serving;

/// <summary>Reads and decompresses request bodies.</summary>
internal static class RequestBody
{
    public static async Task<byte[]> ReadAllAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <returns>The decompressed bytes, or <see langword="null"/> when <paramref name="compressed"/> is not valid gzip.</returns>
    public static byte[]? TryGunzip(ReadOnlyMemory<byte> compressed)
    {
        try
        {
            using var input = new MemoryStream(compressed.ToArray());
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
