using System.Diagnostics;
using OpenTelemetry;

namespace Tracing.Sdk.Propagation;

/// <summary>
/// Keeps recorded activities' trace flags to what W3C defines, as exported spans carry them (OTLP span flags hold the
/// W3C flags): it sets the random-trace-id flag on every activity whose trace id is random, so
/// <see cref="Activity.Id"/> already has the right flags when HttpClient injects it (which keeps injection free of
/// allocations), and it moves a received B3 debug decision from the local root's flags to its <see cref="B3Debug"/> marker.
/// </summary>
internal sealed class TraceFlagsProcessor : BaseProcessor<Activity>
{
    public override void OnStart(Activity data)
    {
        if (data.IdFormat != ActivityIdFormat.W3C)
        {
            return;
        }

        var flags = (byte)data.ActivityTraceFlags;
        if ((flags & TraceFlagBits.Debug) != 0)
        {
            B3Debug.Mark(data);
            flags &= unchecked((byte)~TraceFlagBits.Debug);
            data.ActivityTraceFlags = (ActivityTraceFlags)flags;
        }

        if ((flags & TraceFlagBits.Random) == 0 && (RandomTraceId.Flags(data) & TraceFlagBits.Random) != 0)
        {
            data.ActivityTraceFlags |= (ActivityTraceFlags)TraceFlagBits.Random;
        }
    }
}
