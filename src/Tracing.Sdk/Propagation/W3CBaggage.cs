using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Tracing.Sdk.Propagation;

/// <summary>
/// The W3C <c>baggage</c> header: list members <c>key=value;property</c>, values percent-encoded UTF-8.
/// At most <see cref="MaxMembers"/> members and <see cref="MaxLength"/> characters are read or written; members are
/// kept or dropped whole. Malformed members are dropped; invalid UTF-8 decodes to U+FFFD as the specification requires.
/// Properties are checked but not kept: the OpenTelemetry .NET Baggage API has no place for them.
/// </summary>
internal static class W3CBaggage
{
    public const string Header = "baggage";

    public const int MaxMembers = 180;

    public const int MaxLength = 8192;

    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>
    /// Parses <paramref name="value"/> into <paramref name="add"/>'s target, reading at most <see cref="MaxLength"/>
    /// characters and <see cref="MaxMembers"/> members; returns how many members were added.
    /// </summary>
    public static int Parse<TState>(ReadOnlySpan<char> value, TState state, Action<TState, string, string> add)
    {
        var added = 0;
        var position = 0;
        var count = 0;
        while (position < value.Length && count < MaxMembers)
        {
            var comma = value[position..].IndexOf(',');
            var end = comma < 0 ? value.Length : position + comma;
            if (end > MaxLength)
            {
                // A member that crosses the limit is dropped whole, and nothing after it is read.
                break;
            }

            var member = Trim(value[position..end]);
            if (!member.IsEmpty)
            {
                count++;
                if (TryParseMember(member, out var key, out var encodedValue))
                {
                    add(state, key.ToString(), Decode(encodedValue));
                    added++;
                }
            }

            position = end + 1;
        }

        return added;
    }

    /// <summary>
    /// Writes the members of <paramref name="baggage"/> whose key is a token, values percent-encoded, stopping
    /// before <see cref="MaxMembers"/> or <see cref="MaxLength"/> would be exceeded. Returns null when nothing was written.
    /// </summary>
    public static string? Format<TValue>(IEnumerable<KeyValuePair<string, TValue>> baggage)
        where TValue : class?
    {
        var builder = new DefaultInterpolatedStringHandler(0, 0, null, stackalloc char[256]);
        var count = 0;
        var length = 0;
        Span<char> small = stackalloc char[128];
        foreach (var item in baggage)
        {
            if (count == MaxMembers)
            {
                break;
            }

            if (string.IsNullOrEmpty(item.Key) || !IsToken(item.Key) || item.Value is not string value)
            {
                continue;
            }

            var budget = MaxLength - length - (count == 0 ? 0 : 1) - item.Key.Length - 1;
            if (budget < value.Length)
            {
                continue;
            }

            // Percent-encoding at most triples each UTF-8 byte: 9 characters per UTF-16 char.
            var needed = Math.Min(budget, value.Length * 9);
            char[]? rented = null;
            var encoded = needed <= small.Length ? small : (rented = ArrayPool<char>.Shared.Rent(needed));
            try
            {
                if (!TryEncode(value, encoded[..needed], out var written))
                {
                    continue;
                }

                if (count > 0)
                {
                    builder.AppendLiteral(",");
                    length++;
                }

                builder.AppendLiteral(item.Key);
                builder.AppendLiteral("=");
                builder.AppendFormatted((ReadOnlySpan<char>)encoded[..written]);
                length += item.Key.Length + 1 + written;
                count++;
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<char>.Shared.Return(rented);
                }
            }
        }

        if (count == 0)
        {
            builder.ToStringAndClear();
            return null;
        }

        return builder.ToStringAndClear();
    }

    internal static bool IsToken(ReadOnlySpan<char> value) => !value.IsEmpty && !value.ContainsAnyExcept(TokenChars);

    internal static bool IsBaggageOctet(char c) => c is '!' or (>= '#' and <= '+') or (>= '-' and <= ':') or (>= '<' and <= '[') or (>= ']' and <= '~');

    private static bool TryParseMember(ReadOnlySpan<char> member, out ReadOnlySpan<char> key, out ReadOnlySpan<char> value)
    {
        key = default;
        value = default;
        var semicolon = member.IndexOf(';');
        var pair = semicolon < 0 ? member : member[..semicolon];
        var equals = pair.IndexOf('=');
        if (equals < 0)
        {
            return false;
        }

        key = Trim(pair[..equals]);
        value = Trim(pair[(equals + 1)..]);
        if (!IsToken(key) || !AllBaggageOctets(value))
        {
            return false;
        }

        return semicolon < 0 || ArePropertiesValid(member[(semicolon + 1)..]);
    }

    private static bool ArePropertiesValid(ReadOnlySpan<char> properties)
    {
        while (true)
        {
            var semicolon = properties.IndexOf(';');
            var property = semicolon < 0 ? properties : properties[..semicolon];
            var equals = property.IndexOf('=');
            var valid = equals < 0
                ? IsToken(Trim(property))
                : IsToken(Trim(property[..equals])) && AllBaggageOctets(Trim(property[(equals + 1)..]));
            if (!valid)
            {
                return false;
            }

            if (semicolon < 0)
            {
                return true;
            }

            properties = properties[(semicolon + 1)..];
        }
    }

    private static bool AllBaggageOctets(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!IsBaggageOctet(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Decode(ReadOnlySpan<char> value)
    {
        if (value.IndexOf('%') < 0)
        {
            return value.ToString();
        }

        // Every char is ASCII here, so the decoded bytes are never more than the characters.
        byte[]? rented = null;
        var bytes = value.Length <= 256 ? stackalloc byte[value.Length] : (rented = ArrayPool<byte>.Shared.Rent(value.Length));
        try
        {
            var length = 0;
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c == '%' && i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
                {
                    bytes[length++] = (byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2]));
                    i += 2;
                }
                else
                {
                    bytes[length++] = (byte)c;
                }
            }

            // Encoding.UTF8 replaces invalid sequences with U+FFFD.
            return Encoding.UTF8.GetString(bytes[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool TryEncode(string value, Span<char> destination, out int written)
    {
        written = 0;
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '%' && IsBaggageOctet(c))
            {
                if (written == destination.Length)
                {
                    return false;
                }

                destination[written++] = c;
                continue;
            }

            int byteCount;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                byteCount = new Rune(c, value[i + 1]).EncodeToUtf8(utf8);
                i++;
            }
            else
            {
                byteCount = (Rune.TryCreate(c, out var rune) ? rune : Rune.ReplacementChar).EncodeToUtf8(utf8);
            }

            if (written + (byteCount * 3) > destination.Length)
            {
                return false;
            }

            for (var b = 0; b < byteCount; b++)
            {
                destination[written++] = '%';
                Hex.WriteByte(utf8[b], destination.Slice(written, 2));
                destination[written] = char.ToUpperInvariant(destination[written]);
                destination[written + 1] = char.ToUpperInvariant(destination[written + 1]);
                written += 2;
            }
        }

        return true;
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static ReadOnlySpan<char> Trim(ReadOnlySpan<char> value) => value.Trim(" \t");
}
