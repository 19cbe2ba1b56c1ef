using System.Diagnostics;
using OpenTelemetry;

namespace Tracing.Sdk.Propagation;

/// <summary>
/// Sets the random-trace-id flag on every recorded activity whose trace id is random, so exported spans carry it
/// (OTLP span flags hold the W3C flags) and <see cref="Activity.Id"/> already has the right flags when
/// HttpClient injects it, which keeps injection free of allocations.
/// </summary>
internal sealed class RandomTraceIdProcessor : BaseProcessor<Activity>
{
    public override void OnStart(Activity data)
    {
        if (data.IdFormat != ActivityIdFormat.W3C || (data.ActivityTraceFlags & (ActivityTraceFlags)TraceFlagBits.Random) != 0)
        {
            return;
        }

        if ((RandomTraceId.Flags(data) & TraceFlagBits.Random) != 0)
        {
            data.ActivityTraceFlags |= (ActivityTraceFlags)TraceFlagBits.Random;
        }
    }
}
