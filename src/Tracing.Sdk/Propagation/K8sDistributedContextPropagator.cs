using System.Diagnostics;
using OpenTelemetry;

namespace Tracing.Sdk.Propagation;

/// <summary>
/// The configured formats as .NET's <see cref="DistributedContextPropagator"/>: ASP.NET Core extracts the server
/// activity's parent through it and HttpClient injects through it, so incoming and outgoing HTTP use exactly the
/// formats <see cref="K8sTextMapPropagator"/> uses. A B3 context is handed to .NET as the equivalent <c>traceparent</c>.
/// </summary>
internal sealed class K8sDistributedContextPropagator : DistributedContextPropagator
{
    private readonly PropagationCodec _codec;

    public K8sDistributedContextPropagator(PropagationCodec codec)
    {
        _codec = codec;
    }

    public PropagationCodec Codec => _codec;

    public override IReadOnlyCollection<string> Fields => _codec.Fields;

    public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState)
    {
        traceId = null;
        traceState = null;
        if (getter is null)
        {
            DenyOnlyDecision.Clear();
            return;
        }

        Span<char> traceParent = stackalloc char[W3CTraceContext.TraceParentLength];
        var outcome = _codec.Extract(new CallbackHeaderSource(carrier, getter), traceParent, out var original, out traceState);
        DenyOnlyDecision.Remember(outcome);
        if (outcome == ExtractOutcome.Context)
        {
            traceId = original ?? new string(traceParent);
        }
    }

    public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter)
    {
        if (getter is null || _codec.GetBaggageHeader(new CallbackHeaderSource(carrier, getter)) is not { } header)
        {
            return null;
        }

        var items = new List<KeyValuePair<string, string?>>();
        W3CBaggage.Parse(header, items, static (target, key, value) => target.Add(new(key, value)));
        return items.Count == 0 ? null : items;
    }

    public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter)
    {
        if (setter is null)
        {
            return;
        }

        var sink = new CallbackHeaderSink(carrier, setter);
        if (activity is { IdFormat: ActivityIdFormat.W3C })
        {
            var flags = RandomTraceId.Flags(activity);
            string? traceParent = null;
            if (_codec.InjectsTraceContext)
            {
                // Activity formats its Id once; B3-only injection must not make it.
                var id = activity.Id;
                if (id is { Length: W3CTraceContext.TraceParentLength } && Hex.IsLowerHex(id[53]) && Hex.IsLowerHex(id[54]) &&
                    Hex.ParseByte(id[53], id[54]) == flags)
                {
                    traceParent = id;
                }
            }

            if (_codec.InjectsB3 && B3Debug.IsSet(activity))
            {
                flags |= TraceFlagBits.Debug;
            }

            _codec.InjectContext(sink, activity.TraceId, activity.SpanId, flags, activity.TraceStateString, traceParent);
        }

        if (!_codec.HasBaggage)
        {
            return;
        }

        // OpenTelemetry's Baggage API is the one application code is given; Activity baggage is the fallback for
        // code that only uses System.Diagnostics.
        var baggage = Baggage.Current;
        if (baggage.Count > 0)
        {
            _codec.InjectBaggage(sink, baggage.GetBaggage());
        }
        else if (activity is not null && activity.Baggage is var activityBaggage && HasAny(activityBaggage))
        {
            _codec.InjectBaggage(sink, activityBaggage);
        }
    }

    private static bool HasAny(IEnumerable<KeyValuePair<string, string?>> items)
    {
        using var enumerator = items.GetEnumerator();
        return enumerator.MoveNext();
    }
}
