using System.Diagnostics;
using Amazon.Runtime.Telemetry;
using Amazon.Runtime.Telemetry.Tracing;

namespace Tracing.Sdk.Aws.Telemetry;

/// <summary>
/// Creates an <see cref="Activity"/> for each span the AWS SDK asks for. Client spans (one per SDK call) come from
/// <see cref="AwsSdkTracing.ClientSource"/>; the SDK's internal spans from <see cref="AwsSdkTracing.InternalSource"/>, which
/// is listened to only on request. Without a listener no activity exists and the SDK gets a span that does nothing.
/// </summary>
internal sealed class ActivityTracer : Tracer
{
    public override TraceSpan CreateSpan(
        string name, Attributes? initialAttributes = null, SpanKind spanKind = SpanKind.INTERNAL, SpanContext? parentContext = null)
    {
        var isClient = spanKind == SpanKind.CLIENT;
        var source = isClient ? AwsSdkTracing.ClientSource : AwsSdkTracing.InternalSource;
        if (!source.HasListeners())
        {
            return ActivityTraceSpan.Unrecorded;
        }

        var tags = isClient ? AwsSpanAttributes.StartTags(initialAttributes) : null;
        var activity = ParentFrom(parentContext) is { } parent
            ? source.StartActivity(name, ToActivityKind(spanKind), parent, tags)
            : source.StartActivity(name, ToActivityKind(spanKind), parentContext: default, tags);

        return activity is null ? ActivityTraceSpan.Unrecorded : new ActivityTraceSpan(activity, name);
    }

    internal static ActivityKind ToActivityKind(SpanKind kind) => kind switch
    {
        SpanKind.CLIENT => ActivityKind.Client,
        SpanKind.SERVER => ActivityKind.Server,
        SpanKind.PRODUCER => ActivityKind.Producer,
        SpanKind.CONSUMER => ActivityKind.Consumer,
        _ => ActivityKind.Internal,
    };

    /// <summary>The SDK passes no parent today; should it pass one, a valid W3C pair is honoured and anything else ignored.</summary>
    private static ActivityContext? ParentFrom(SpanContext? parentContext)
    {
        if (parentContext is not { IsValid: true } context
            || context.TraceId is not { Length: 32 } traceId
            || context.SpanId is not { Length: 16 } spanId
            || !IsLowerHex(traceId)
            || !IsLowerHex(spanId))
        {
            return null;
        }

        return new ActivityContext(
            ActivityTraceId.CreateFromString(traceId),
            ActivitySpanId.CreateFromString(spanId),
            ActivityTraceFlags.Recorded,
            traceState: null,
            isRemote: context.IsRemote);
    }

    private static bool IsLowerHex(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
