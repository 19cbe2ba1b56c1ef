using System.Text;

namespace Tracing.Sdk.Configuration;

/// <summary>
/// Parses the <c>key1=value1,key2=value2</c> lists of <c>OTEL_RESOURCE_ATTRIBUTES</c> and <c>OTEL_EXPORTER_OTLP_HEADERS</c>:
/// whitespace around keys and values is trimmed and both are percent-decoded as UTF-8. A malformed pair is skipped and
/// reported by its position, never by its content, since header values are secrets.
/// </summary>
internal static class KeyValueListParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static List<KeyValuePair<string, string>> Parse(string? list, string key, SetupDiagnostics diagnostics)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrWhiteSpace(list))
        {
            return result;
        }

        var position = 0;
        foreach (var rawPair in list.Split(','))
        {
            position++;
            if (rawPair.Trim().Length == 0)
            {
                continue;
            }

            var equals = rawPair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                diagnostics.Warn(key, $"entry {position} is not a key=value pair; it was skipped.");
                continue;
            }

            if (!TryPercentDecode(rawPair.AsSpan(0, equals).Trim(), out var name) || name.Length == 0 ||
                !TryPercentDecode(rawPair.AsSpan(equals + 1).Trim(), out var value))
            {
                diagnostics.Warn(key, $"entry {position} has an empty key or invalid percent-encoding; it was skipped.");
                continue;
            }

            result.Add(new KeyValuePair<string, string>(name, value));
        }

        return result;
    }

    public static bool TryPercentDecode(ReadOnlySpan<char> text, out string decoded)
    {
        if (!text.Contains('%'))
        {
            decoded = text.ToString();
            return true;
        }

        var bytes = new List<byte>(text.Length);
        Span<byte> one = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%')
            {
                if (i + 2 >= text.Length || !IsHex(text[i + 1]) || !IsHex(text[i + 2]))
                {
                    decoded = string.Empty;
                    return false;
                }

                bytes.Add((byte)((HexValue(text[i + 1]) << 4) | HexValue(text[i + 2])));
                i += 2;
            }
            else
            {
                var written = Encoding.UTF8.GetBytes([c], one);
                for (var b = 0; b < written; b++)
                {
                    bytes.Add(one[b]);
                }
            }
        }

        try
        {
            decoded = StrictUtf8.GetString([.. bytes]);
            return true;
        }
        catch (DecoderFallbackException)
        {
            decoded = string.Empty;
            return false;
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
