using System.Diagnostics;
using Amazon.Runtime.Telemetry;
using Amazon.Runtime.Telemetry.Tracing;

namespace Tracing.Sdk.Aws.Telemetry;

/// <summary>
/// One AWS SDK span backed by an <see cref="Activity"/>, or by nothing when the span is not recorded. The SDK ends its
/// spans by disposing them, and its attributes pass through <see cref="AwsSpanAttributes"/>, which keeps only what
/// the semantic conventions name and never anything from a request's or response's payload.
/// </summary>
internal sealed class ActivityTraceSpan : TraceSpan
{
    public static readonly ActivityTraceSpan Unrecorded = new(activity: null, string.Empty);

    private readonly Activity? _activity;
    private int _ended;

    public ActivityTraceSpan(Activity? activity, string name)
    {
        _activity = activity;
        Name = name;
    }

    public Activity? Activity => _activity;

    public override void EmitEvent(string name, Attributes? attributes = null)
    {
        // Event attributes are the SDK's to define and may carry payload; the event's name is enough.
        _activity?.AddEvent(new ActivityEvent(name));
    }

    public override void SetAttribute(string key, object value)
    {
        if (_activity is not null)
        {
            AwsSpanAttributes.Apply(_activity, key, value);
        }
    }

    public override void SetStatus(SpanStatus status)
    {
        _activity?.SetStatus(status switch
        {
            SpanStatus.OK => ActivityStatusCode.Ok,
            SpanStatus.ERROR => ActivityStatusCode.Error,
            _ => ActivityStatusCode.Unset,
        });
    }

    public override void RecordException(Exception exception, Attributes? attributes = null)
    {
        if (_activity is null || exception is null)
        {
            return;
        }

        _activity.SetStatus(ActivityStatusCode.Error);
        _activity.SetTag(AwsSpanAttributes.ErrorType, AwsSpanAttributes.ErrorTypeOf(exception));
        _activity.AddException(exception);
    }

    public override void End()
    {
        if (_activity is not null && Interlocked.Exchange(ref _ended, 1) == 0)
        {
            _activity.Stop();
        }
    }

    protected override void Dispose(bool disposing)
    {
        // The SDK ends its spans with Dispose, never with End.
        End();
        base.Dispose(disposing);
    }
}
