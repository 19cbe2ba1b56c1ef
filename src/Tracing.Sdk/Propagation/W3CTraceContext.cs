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
    /// True when <paramref name="value"/> is a <c>tracestate</c> with 1 to 32 list members, each a legal key and value;
    /// empty members and optional white space are allowed, and so are repeated keys (Level 2 tolerates them).
    /// </summary>
    public static bool IsValidTraceState(ReadOnlySpan<char> value) => Scan(value, out _) > 0;

    /// <summary>
    /// A received <c>tracestate</c> as it is propagated: <paramref name="value"/> itself when it is valid, null when it
    /// is not. A key received more than once keeps its first (leftmost, most recent) member only: Level 2 lets a vendor
    /// discard duplicates, and a Level 1 receiver downstream would otherwise drop the whole header. Only that case
    /// allocates (the shortened copy).
    /// </summary>
    public static string? ReadTraceState(string value)
    {
        var count = Scan(value, out var firstOfKey);
        if (count == 0)
        {
            return null;
        }

        var all = count == MaxTraceStateMembers ? uint.MaxValue : (1u << count) - 1;
        return firstOfKey == all ? value : WithoutRepeatedKeys(value, firstOfKey);
    }

    internal static bool IsValidKey(ReadOnlySpan<char> key)
    {
        // Level 2: key = ( lcalpha / DIGIT ) 0*255 ( keychar ), '@' being a keychar like any other (no tenant@system split).
        if (key.IsEmpty || key.Length > MaxTraceStateKeyLength || !(IsLowerAlpha(key[0]) || char.IsAsciiDigit(key[0])))
        {
            return false;
        }

        foreach (var c in key[1..])
        {
            if (!IsLowerAlpha(c) && !char.IsAsciiDigit(c) && c is not ('_' or '-' or '*' or '/' or '@'))
            {
                return false;
            }
        }

        return true;
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

    /// <summary>
    /// Validates every member; returns how many there are (0 when the header is invalid) and, in
    /// <paramref name="firstOfKey"/>, a bit per member whose key no earlier member has.
    /// </summary>
    private static int Scan(ReadOnlySpan<char> value, out uint firstOfKey)
    {
        firstOfKey = 0;
        if (value.IsEmpty || value.Length > MaxTraceStateLength)
        {
            return 0;
        }

        Span<int> keyStarts = stackalloc int[MaxTraceStateMembers];
        Span<int> keyLengths = stackalloc int[MaxTraceStateMembers];
        var count = 0;
        var position = 0;
        while (NextMember(value, ref position, out var start, out var length))
        {
            if (count == MaxTraceStateMembers)
            {
                return 0;
            }

            var member = value.Slice(start, length);
            var equals = member.IndexOf('=');
            if (equals <= 0 || !IsValidKey(member[..equals]) || !IsValidValue(member[(equals + 1)..]))
            {
                return 0;
            }

            var key = member[..equals];
            var isFirst = true;
            for (var i = 0; i < count && isFirst; i++)
            {
                isFirst = !key.SequenceEqual(value.Slice(keyStarts[i], keyLengths[i]));
            }

            if (isFirst)
            {
                firstOfKey |= 1u << count;
            }

            keyStarts[count] = start;
            keyLengths[count] = equals;
            count++;
        }

        return count;
    }

    /// <summary>Finds the next non-empty list member at or after <paramref name="position"/>, without its optional white space.</summary>
    private static bool NextMember(ReadOnlySpan<char> value, ref int position, out int start, out int length)
    {
        while (position <= value.Length)
        {
            var comma = value[position..].IndexOf(',');
            var end = comma < 0 ? value.Length : position + comma;
            start = position;
            position = end + 1;
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
                length = stop - start;
                return true;
            }
        }

        start = 0;
        length = 0;
        return false;
    }

    /// <summary>The members of a valid <paramref name="value"/> selected by <paramref name="keep"/>, comma-separated.</summary>
    private static string WithoutRepeatedKeys(string value, uint keep)
    {
        var total = -1;
        var position = 0;
        for (var index = 0; NextMember(value, ref position, out _, out var length); index++)
        {
            if ((keep & (1u << index)) != 0)
            {
                total += length + 1;
            }
        }

        return string.Create(total, (value, keep), static (destination, state) =>
        {
            var written = 0;
            var position = 0;
            for (var index = 0; NextMember(state.value, ref position, out var start, out var length); index++)
            {
                if ((state.keep & (1u << index)) == 0)
                {
                    continue;
                }

                if (written > 0)
                {
                    destination[written++] = ',';
                }

                state.value.AsSpan(start, length).CopyTo(destination[written..]);
                written += length;
            }
        });
    }

    private static bool IsLowerAlpha(char c) => (uint)(c - 'a') <= 'z' - 'a';

    private static bool IsOws(char c) => c is ' ' or '\t';
}
