using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

namespace Tracing.Sdk.Propagation;

/// <summary>
/// The configured formats as OpenTelemetry's <see cref="Propagators.DefaultTextMapPropagator"/>, for code that
/// propagates by hand (queues, background work). Reads and writes exactly what <see cref="K8sDistributedContextPropagator"/> does.
/// </summary>
internal sealed class K8sTextMapPropagator : TextMapPropagator
{
    private readonly PropagationCodec _codec;
    private readonly HashSet<string> _fields;

    public K8sTextMapPropagator(PropagationCodec codec)
    {
        _codec = codec;
        _fields = new HashSet<string>(codec.Fields, StringComparer.Ordinal);
    }

    public override ISet<string> Fields => _fields;

    public override PropagationContext Extract<T>(PropagationContext context, T carrier, Func<T, string, IEnumerable<string>?> getter)
    {
        DenyOnlyDecision.Clear();
        if (getter is null)
        {
            return context;
        }

        var source = new FuncHeaderSource<T>(carrier, getter);
        var activityContext = context.ActivityContext;
        if (activityContext == default)
        {
            // A deny-only header leaves the context empty (no parent) and the deny for the sampler of the root started next.
            Span<char> traceParent = stackalloc char[W3CTraceContext.TraceParentLength];
            var outcome = _codec.Extract(source, traceParent, out _, out var traceState);
            DenyOnlyDecision.Remember(outcome);
            if (outcome == ExtractOutcome.Context)
            {
                activityContext = W3CTraceContext.ToActivityContext(traceParent, traceState);
            }
        }

        var baggage = context.Baggage;
        if (baggage == default)
        {
            if (_codec.GetBaggageHeader(source) is { } header)
            {
                baggage = BaggageReader.Read(header);
            }
        }

        return new PropagationContext(activityContext, baggage);
    }

    public override void Inject<T>(PropagationContext context, T carrier, Action<T, string, string> setter)
    {
        if (setter is null)
        {
            return;
        }

        var sink = new ActionHeaderSink<T>(carrier, setter);
        var activityContext = context.ActivityContext;
        if (activityContext.TraceId != default && activityContext.SpanId != default)
        {
            // An extracted context still has the debug bit; an activity's context has it on its local root.
            var flags = (byte)((byte)activityContext.TraceFlags & (TraceFlagBits.Known | TraceFlagBits.Debug));
            var findRandom = (flags & TraceFlagBits.Random) == 0;
            var findDebug = (flags & TraceFlagBits.Debug) == 0 && _codec.InjectsB3;
            if ((findRandom || findDebug) && Activity.Current is { } current && current.SpanId == activityContext.SpanId)
            {
                if (findRandom)
                {
                    flags |= RandomTraceId.Flags(current);
                }

                if (findDebug && B3Debug.IsSet(current))
                {
                    flags |= TraceFlagBits.Debug;
                }
            }

            _codec.InjectContext(sink, activityContext.TraceId, activityContext.SpanId, flags, activityContext.TraceState, null);
        }

        if (context.Baggage.Count > 0)
        {
            _codec.InjectBaggage(sink, context.Baggage.GetBaggage());
        }
    }
}
