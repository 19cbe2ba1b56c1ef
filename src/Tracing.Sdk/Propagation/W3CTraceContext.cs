using System.Diagnostics;

namespace Tracing.Sdk.Propagation;

/// <summary>
/// The <c>traceparent</c> and <c>tracestate</c> headers of W3C Trace Context Level 2, parsed and written without
/// allocating. Every rule a receiver must check is checked here; anything else is invalid, and an invalid
/// <c>traceparent</c> means the caller's context (including its <c>tracestate</c>) is ignored.
/// </summary>
internal static class W3CTraceContext
{
    public const string TraceParentHeader = "traceparent";

    public const string TraceStateHeader = "tracestate";

    /// <summary>The length of a version-00 <c>traceparent</c>: <c>00-{32 hex}-{16 hex}-{2 hex}</c>.</summary>
    public const int TraceParentLength = 55;

    public const int MaxTraceStateMembers = 32;

    public const int MaxTraceStateKeyLength = 256;

    public const int MaxTraceStateValueLength = 256;

    /// <summary>
    /// The longest <c>tracestate</c> considered: 32 members of the largest legal size, each with a comma and two
    /// optional white-space characters. Anything longer cannot be valid in practice and is dropped unread.
    /// </summary>
    public const int MaxTraceStateLength = (MaxTraceStateMembers * (MaxTraceStateKeyLength + 1 + MaxTraceStateValueLength)) + (MaxTraceStateMembers * 3);

    /// <summary>
    /// Parses a <c>traceparent</c>. A future version is parsed by the prefix version 00 defines, as the
    /// specification requires; version <c>ff</c>, uppercase hex, all-zero ids and misplaced separators are invalid.
    /// On success writes the equivalent version-00 value into <paramref name="destination"/> (55 characters), keeping
    /// only the flags we understand (sampled, random), and tells whether that equals <paramref name="value"/>.
    /// </summary>
    public static bool TryParseTraceParent(ReadOnlySpan<char> value, Span<char> destination, out bool isCanonical)
    {
        isCanonical = false;
        if (value.Length < TraceParentLength || !Hex.IsLowerHex(value[0]) || !Hex.IsLowerHex(value[1]))
        {
            return false;
        }

        var isVersion00 = value[0] == '0' && value[1] == '0';
        if (value[0] == 'f' && value[1] == 'f')
        {
            return false;
        }

        if (isVersion00 ? value.Length != TraceParentLength : value.Length > TraceParentLength && value[TraceParentLength] != '-')
        {
            return false;
        }

        if (value[2] != '-' || value[35] != '-' || value[52] != '-')
        {
            return false;
        }

        var traceId = value.Slice(3, 32);
        var spanId = value.Slice(36, 16);
        if (!Hex.IsLowerHexNotAllZeros(traceId) || !Hex.IsLowerHexNotAllZeros(spanId) ||
            !Hex.IsLowerHex(value[53]) || !Hex.IsLowerHex(value[54]))
        {
            return false;
        }

        var flags = Hex.ParseByte(value[53], value[54]);
        var kept = (byte)(flags & TraceFlagBits.Known);
        Write(traceId, spanId, kept, destination);
        isCanonical = isVersion00 && flags == kept;
        return true;
    }

    /// <summary>Writes a version-00 <c>traceparent</c> into <paramref name="destination"/> (55 characters).</summary>
    public static void Write(ReadOnlySpan<char> traceId, ReadOnlySpan<char> spanId, byte flags, Span<char> destination)
    {
        destination[0] = '0';
        destination[1] = '0';
        destination[2] = '-';
        traceId.CopyTo(destination.Slice(3, 32));
        destination[35] = '-';
        spanId.CopyTo(destination.Slice(36, 16));
        destination[52] = '-';
        Hex.WriteByte(flags, destination.Slice(53, 2));
    }

    /// <summary>
    /// The remote context a version-00 <paramref name="traceParent"/> written by this SDK describes, with its flags
    /// masked by <paramref name="flagsMask"/> (the private bits are kept only where they are read again).
    /// </summary>
    public static ActivityContext ToActivityContext(ReadOnlySpan<char> traceParent, string? traceState, byte flagsMask = 0xFF) =>
        new(
            ActivityTraceId.CreateFromString(traceParent.Slice(3, 32)),
            ActivitySpanId.CreateFromString(traceParent.Slice(36, 16)),
            (ActivityTraceFlags)(Hex.ParseByte(traceParent[53], traceParent[54]) & flagsMask),
            traceState,
            isRemote: true);

    /// <summary>
    /// True when <paramref name="value"/> is a <c>tracestate</c> with 1 to 32 list members, each a legal key
    /// (simple or multi-tenant) and value, no key twice; empty members and optional white space are allowed.
    /// </summary>
    public static bool IsValidTraceState(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > MaxTraceStateLength)
        {
            return false;
        }

        Span<int> keyStarts = stackalloc int[MaxTraceStateMembers];
        Span<int> keyLengths = stackalloc int[MaxTraceStateMembers];
        var count = 0;
        var position = 0;
        while (position <= value.Length)
        {
            var comma = value[position..].IndexOf(',');
            var end = comma < 0 ? value.Length : position + comma;
            var start = position;
            while (start < end && IsOws(value[start]))
            {
                start++;
            }

            var stop = end;
            while (stop > start && IsOws(value[stop - 1]))
            {
                stop--;
            }

            if (stop > start)
            {
                if (count == MaxTraceStateMembers)
                {
                    return false;
                }

                var member = value[start..stop];
                var equals = member.IndexOf('=');
                if (equals <= 0 || !IsValidKey(member[..equals]) || !IsValidValue(member[(equals + 1)..]))
                {
                    return false;
                }

                var key = member[..equals];
                for (var i = 0; i < count; i++)
                {
                    if (key.SequenceEqual(value.Slice(keyStarts[i], keyLengths[i])))
                    {
                        return false;
                    }
                }

                keyStarts[count] = start;
                keyLengths[count] = equals;
                count++;
            }

            position = end + 1;
        }

        return count > 0;
    }

    internal static bool IsValidKey(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty || key.Length > MaxTraceStateKeyLength)
        {
            return false;
        }

        var at = key.IndexOf('@');
        if (at < 0)
        {
            return IsLowerAlpha(key[0]) && AllKeyChars(key[1..]);
        }

        var tenant = key[..at];
        var system = key[(at + 1)..];
        return tenant.Length is >= 1 and <= 241 &&
            (IsLowerAlpha(tenant[0]) || char.IsAsciiDigit(tenant[0])) && AllKeyChars(tenant[1..]) &&
            system.Length is >= 1 and <= 14 &&
            IsLowerAlpha(system[0]) && AllKeyChars(system[1..]);
    }

    internal static bool IsValidValue(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > MaxTraceStateValueLength || value[^1] == ' ')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < ' ' or > '~' or ',' or '=')
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllKeyChars(ReadOnlySpan<char> key)
    {
        foreach (var c in key)
        {
            if (!IsLowerAlpha(c) && !char.IsAsciiDigit(c) && c is not ('_' or '-' or '*' or '/'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerAlpha(char c) => (uint)(c - 'a') <= 'z' - 'a';

    private static bool IsOws(char c) => c is ' ' or '\t';
}
