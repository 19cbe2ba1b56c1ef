using System.Diagnostics;

namespace Tracing.Sdk.Propagation;

/// <summary>
/// The configured set of formats (<c>OTEL_PROPAGATORS</c>) over the static parsers: extraction takes the first
/// valid context in the configured order, injection writes every configured format. Shared by the OpenTelemetry
/// <see cref="K8sTextMapPropagator"/> and the .NET <see cref="K8sDistributedContextPropagator"/> so both agree.
/// </summary>
internal sealed class PropagationCodec
{
    private readonly ContextFormat[] _extractOrder;
    private readonly bool _injectTraceContext;
    private readonly bool _injectB3Single;
    private readonly bool _injectB3Multi;

    public PropagationCodec(bool traceContext, bool baggage, bool b3Single, bool b3Multi, bool b3First)
    {
        _injectTraceContext = traceContext;
        _injectB3Single = b3Single;
        _injectB3Multi = b3Multi;
        HasBaggage = baggage;

        var order = new List<ContextFormat>(2);
        var b3 = b3Single || b3Multi;
        if (b3 && b3First)
        {
            order.Add(ContextFormat.B3);
        }

        if (traceContext)
        {
            order.Add(ContextFormat.TraceContext);
        }

        if (b3 && !b3First)
        {
            order.Add(ContextFormat.B3);
        }

        _extractOrder = [.. order];

        var fields = new List<string>();
        if (traceContext)
        {
            fields.Add(W3CTraceContext.TraceParentHeader);
            fields.Add(W3CTraceContext.TraceStateHeader);
        }

        if (b3)
        {
            fields.AddRange([B3Format.SingleHeader, B3Format.TraceIdHeader, B3Format.SpanIdHeader, B3Format.ParentSpanIdHeader, B3Format.SampledHeader, B3Format.FlagsHeader]);
        }

        if (baggage)
        {
            fields.Add(W3CBaggage.Header);
        }

        Fields = [.. fields];
    }

    /// <summary>The <c>tracecontext,baggage</c> default.</summary>
    public static PropagationCodec Default { get; } = new(traceContext: true, baggage: true, b3Single: false, b3Multi: false, b3First: false);

    public bool HasBaggage { get; }

    public bool HasTraceContext => _extractOrder.Length > 0;

    /// <summary>Every header the configured formats read or write.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>
    /// Extracts the caller's context as a version-00 <c>traceparent</c> written into <paramref name="traceParent"/>
    /// (55 characters). <paramref name="original"/> is the received header when it can be used as is (no copy needed).
    /// <see cref="ExtractOutcome.Denied"/> writes nothing: the propagators hand it to <see cref="DenyOnlyDecision"/>.
    /// </summary>
    public ExtractOutcome Extract<TSource>(TSource source, Span<char> traceParent, out string? original, out string? traceState)
        where TSource : IHeaderSource
    {
        original = null;
        traceState = null;
        var denied = false;
        foreach (var format in _extractOrder)
        {
            if (format == ContextFormat.TraceContext)
            {
                var header = source.Get(W3CTraceContext.TraceParentHeader, isList: false, W3CTraceContext.TraceParentLength);
                if (header is not null && W3CTraceContext.TryParseTraceParent(header, traceParent, out var isCanonical))
                {
                    original = isCanonical ? header : null;
                    var state = source.Get(W3CTraceContext.TraceStateHeader, isList: true, W3CTraceContext.MaxTraceStateLength);
                    traceState = state is null ? null : W3CTraceContext.ReadTraceState(state);
                    return ExtractOutcome.Context;
                }

                continue;
            }

            var single = source.Get(B3Format.SingleHeader, isList: false, B3Format.MaxSingleLength);
            if (single is not null)
            {
                var outcome = B3Format.ParseSingle(single, traceParent);
                if (outcome == B3Outcome.Context)
                {
                    return ExtractOutcome.Context;
                }

                denied |= outcome == B3Outcome.Deny;
            }

            var multi = B3Format.ParseMulti(
                source.Get(B3Format.TraceIdHeader, isList: false, 32),
                source.Get(B3Format.SpanIdHeader, isList: false, 16),
                source.Get(B3Format.SampledHeader, isList: true, B3Format.MaxSampledListLength),
                source.Get(B3Format.FlagsHeader, isList: false, 1),
                traceParent);
            if (multi == B3Outcome.Context)
            {
                return ExtractOutcome.Context;
            }

            denied |= multi == B3Outcome.Deny;
        }

        // A deny without ids names no parent: nothing is written, and the caller remembers the deny for the new root.
        return denied ? ExtractOutcome.Denied : ExtractOutcome.None;
    }

    /// <summary>The received <c>baggage</c> header (several joined) when baggage is configured, else null.</summary>
    public string? GetBaggageHeader<TSource>(TSource source)
        where TSource : IHeaderSource =>
        HasBaggage ? source.Get(W3CBaggage.Header, isList: true, W3CBaggage.MaxLength) : null;

    /// <summary>True when <c>traceparent</c> is injected.</summary>
    public bool InjectsTraceContext => _injectTraceContext;

    /// <summary>True when a B3 encoding is injected, the only one that can carry a debug decision.</summary>
    public bool InjectsB3 => _injectB3Single || _injectB3Multi;

    /// <summary>
    /// Writes the trace context in every configured format. <paramref name="traceParent"/> is an already formatted
    /// version-00 value (from <see cref="Activity.Id"/>) or null to format one here. <paramref name="flags"/> may carry
    /// <see cref="TraceFlagBits.Debug"/>, which only B3 writes (W3C has no encoding for it).
    /// </summary>
    public void InjectContext<TSink>(
        TSink sink,
        ActivityTraceId traceId,
        ActivitySpanId spanId,
        byte flags,
        string? traceState,
        string? traceParent)
        where TSink : IHeaderSink
    {
        var b3Flags = (byte)(flags & (TraceFlagBits.Known | TraceFlagBits.Debug));
        flags &= TraceFlagBits.Known;
        if (_injectTraceContext)
        {
            if (traceParent is null)
            {
                Span<char> buffer = stackalloc char[W3CTraceContext.TraceParentLength];
                W3CTraceContext.Write(traceId.ToHexString(), spanId.ToHexString(), flags, buffer);
                traceParent = new string(buffer);
            }

            sink.Set(W3CTraceContext.TraceParentHeader, traceParent);
            if (!string.IsNullOrEmpty(traceState) && W3CTraceContext.IsValidTraceState(traceState))
            {
                sink.Set(W3CTraceContext.TraceStateHeader, traceState);
            }
        }

        if (_injectB3Single)
        {
            sink.Set(B3Format.SingleHeader, B3Format.FormatSingle(traceId.ToHexString(), spanId.ToHexString(), B3Format.SamplingState(b3Flags)));
        }

        if (_injectB3Multi)
        {
            sink.Set(B3Format.TraceIdHeader, traceId.ToHexString());
            sink.Set(B3Format.SpanIdHeader, spanId.ToHexString());

            // Debug implies an accept decision, so X-B3-Sampled is not sent with it (openzipkin/b3-propagation).
            if ((b3Flags & TraceFlagBits.Debug) != 0)
            {
                sink.Set(B3Format.FlagsHeader, "1");
            }
            else
            {
                sink.Set(B3Format.SampledHeader, (flags & TraceFlagBits.Sampled) != 0 ? "1" : "0");
            }
        }
    }

    /// <summary>Writes the <c>baggage</c> header when baggage is configured and there is any.</summary>
    public void InjectBaggage<TSink, TValue>(TSink sink, IEnumerable<KeyValuePair<string, TValue>> baggage)
        where TSink : IHeaderSink
        where TValue : class?
    {
        if (HasBaggage && W3CBaggage.Format(baggage) is { } header)
        {
            sink.Set(W3CBaggage.Header, header);
        }
    }
}
