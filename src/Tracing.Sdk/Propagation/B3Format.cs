namespace Tracing.Sdk.Propagation;

/// <summary>
/// The openzipkin B3 encodings, single (<c>b3</c>) and multiple (<c>X-B3-*</c>), with the OpenTelemetry
/// specification's requirements: 64-bit trace ids are left-padded to 128 bits, debug means sampled and is kept
/// (<see cref="TraceFlagBits.Debug"/>) to be written again on injection, an absent
/// decision is deferred (never read as "not sampled"), <c>X-B3-ParentSpanId</c> is neither needed nor written.
/// Parsed contexts are written as a version-00 <c>traceparent</c>, the form the rest of the stack takes.
/// </summary>
internal static class B3Format
{
    public const string SingleHeader = "b3";

    public const string TraceIdHeader = "x-b3-traceid";

    public const string SpanIdHeader = "x-b3-spanid";

    public const string ParentSpanIdHeader = "x-b3-parentspanid";

    public const string SampledHeader = "x-b3-sampled";

    public const string FlagsHeader = "x-b3-flags";

    /// <summary>The longest legal single header: 128-bit trace id, span id, sampling state and parent span id.</summary>
    public const int MaxSingleLength = 32 + 1 + 16 + 1 + 1 + 1 + 16;

    /// <summary>
    /// How long a repeated <c>X-B3-Sampled</c> (several headers, or one with a comma-separated list) may be and still
    /// be read: its first value wins. Longer lists are unreadable, as a missing decision.
    /// </summary>
    public const int MaxSampledListLength = 64;

    private const string PaddingZeros = "0000000000000000";

    [ThreadStatic]
    private static LastSingle? t_lastSingle;

    /// <summary>Parses the single <c>b3</c> header.</summary>
    public static B3Outcome ParseSingle(ReadOnlySpan<char> value, Span<char> traceParent)
    {
        if (value.Length == 1)
        {
            // A decision alone. Only a deny can be honoured without ids; an accept without ids starts no trace of its own.
            return value[0] == '0' ? B3Outcome.Deny : B3Outcome.None;
        }

        if (value.Length > MaxSingleLength)
        {
            return B3Outcome.None;
        }

        var firstDash = value.IndexOf('-');
        if (firstDash is not (16 or 32))
        {
            return B3Outcome.None;
        }

        var traceId = value[..firstDash];
        var rest = value[(firstDash + 1)..];
        if (rest.Length < 16 || (rest.Length > 16 && rest[16] != '-'))
        {
            return B3Outcome.None;
        }

        var spanId = rest[..16];
        byte flags = TraceFlagBits.Deferred;
        if (rest.Length > 16)
        {
            var tail = rest[17..];
            if (tail.Length != 1 && (tail.Length != 18 || tail[1] != '-' || !Hex.IsLowerHexNotAllZeros(tail[2..])))
            {
                return B3Outcome.None;
            }

            switch (tail[0])
            {
                case '1':
                    flags = TraceFlagBits.Sampled;
                    break;
                case 'd':
                    flags = TraceFlagBits.Sampled | TraceFlagBits.Debug;
                    break;
                case '0':
                    flags = 0;
                    break;
                default:
                    return B3Outcome.None;
            }
        }

        return TryWrite(traceId, spanId, flags, traceParent) ? B3Outcome.Context : B3Outcome.None;
    }

    /// <summary>
    /// Parses the <c>X-B3-*</c> headers; <paramref name="sampled"/> and <paramref name="debugFlags"/> may be empty.
    /// <paramref name="sampled"/> may be a comma-separated list (a repeated header): its first value is the decision.
    /// </summary>
    public static B3Outcome ParseMulti(
        ReadOnlySpan<char> traceId,
        ReadOnlySpan<char> spanId,
        ReadOnlySpan<char> sampled,
        ReadOnlySpan<char> debugFlags,
        Span<char> traceParent)
    {
        sampled = FirstListValue(sampled);
        byte flags;
        if (debugFlags is "1")
        {
            // Debug implies an accept decision, whatever X-B3-Sampled says.
            flags = TraceFlagBits.Sampled | TraceFlagBits.Debug;
        }
        else if (sampled is "1" || sampled is "true")
        {
            flags = TraceFlagBits.Sampled;
        }
        else if (sampled is "0" || sampled is "false")
        {
            flags = 0;
        }
        else
        {
            flags = TraceFlagBits.Deferred;
        }

        if (traceId.IsEmpty)
        {
            // Without a trace id nothing can be continued, whatever X-B3-SpanId says; only a deny means something.
            return flags == 0 ? B3Outcome.Deny : B3Outcome.None;
        }

        return TryWrite(traceId, spanId, flags, traceParent) ? B3Outcome.Context : B3Outcome.None;
    }

    /// <summary>The length of the single header we write: <c>{32 hex}-{16 hex}-{state}</c>, no parent span id.</summary>
    public const int InjectedSingleLength = 32 + 1 + 16 + 1 + 1;

    /// <summary>The sampling state of the single header: <c>d</c> for debug (which replaces the decision), else <c>1</c> or <c>0</c>.</summary>
    public static char SamplingState(byte flags) =>
        (flags & TraceFlagBits.Debug) != 0 ? 'd' : (flags & TraceFlagBits.Sampled) != 0 ? '1' : '0';

    /// <summary>
    /// The single header value for a context. The last value built on this thread is kept with the id strings it was
    /// built from: an activity's ids are strings it formats once, so injecting the same span again (a second carrier, a
    /// batch of messages) hands back the same value, as W3C injection reuses <c>Activity.Id</c>. Equal references mean
    /// equal ids, so a hit is always right; a miss costs one 51-character string.
    /// </summary>
    public static string FormatSingle(string traceId, string spanId, char samplingState)
    {
        var last = t_lastSingle ??= new LastSingle();
        if (ReferenceEquals(last.SpanId, spanId) && ReferenceEquals(last.TraceId, traceId) && last.Value![^1] == samplingState)
        {
            return last.Value;
        }

        var value = string.Create(InjectedSingleLength, (traceId, spanId, samplingState), static (destination, state) =>
            WriteSingle(state.traceId, state.spanId, state.samplingState, destination));
        last.TraceId = traceId;
        last.SpanId = spanId;
        last.Value = value;
        return value;
    }

    /// <summary>Writes the single header value for a context: <c>{trace}-{span}-{1|0|d}</c> (<see cref="InjectedSingleLength"/> characters).</summary>
    public static void WriteSingle(ReadOnlySpan<char> traceId, ReadOnlySpan<char> spanId, char samplingState, Span<char> destination)
    {
        traceId.CopyTo(destination);
        destination[32] = '-';
        spanId.CopyTo(destination[33..]);
        destination[49] = '-';
        destination[50] = samplingState;
    }

    private static ReadOnlySpan<char> FirstListValue(ReadOnlySpan<char> list)
    {
        var comma = list.IndexOf(',');
        return comma < 0 ? list : list[..comma].Trim(" \t");
    }

    private static bool TryWrite(ReadOnlySpan<char> traceId, ReadOnlySpan<char> spanId, byte flags, Span<char> traceParent)
    {
        if (traceId.Length is not (16 or 32) || spanId.Length != 16 ||
            !Hex.IsLowerHexNotAllZeros(traceId) || !Hex.IsLowerHexNotAllZeros(spanId))
        {
            return false;
        }

        // A 64-bit id is left-padded to 128 bits.
        Span<char> fullTraceId = stackalloc char[32];
        if (traceId.Length == 16)
        {
            PaddingZeros.CopyTo(fullTraceId[..16]);
            traceId.CopyTo(fullTraceId[16..]);
        }
        else
        {
            traceId.CopyTo(fullTraceId);
        }

        W3CTraceContext.Write(fullTraceId, spanId, flags, traceParent);
        return true;
    }

    private sealed class LastSingle
    {
        public string? TraceId;
        public string? SpanId;
        public string? Value;
    }
}
