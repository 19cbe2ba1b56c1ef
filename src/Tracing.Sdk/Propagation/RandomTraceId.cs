using System.Diagnostics;

namespace Tracing.Sdk.Propagation;

/// <summary>
/// W3C Trace Context Level 2's random-trace-id flag for an activity. <see cref="Activity"/> keeps a remote parent's
/// flags on the activity it creates but not on in-process children, so the flag is found on the local root: set when
/// the caller set it, or when the trace started here (.NET generates trace ids randomly).
/// </summary>
internal static class RandomTraceId
{
    /// <summary>The activity's sampled flag plus the random flag when its trace id is known to be random.</summary>
    public static byte Flags(Activity activity)
    {
        var flags = (byte)((byte)activity.ActivityTraceFlags & TraceFlagBits.Known);
        if ((flags & TraceFlagBits.Random) != 0)
        {
            return flags;
        }

        var root = activity;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        var isRandom = ((byte)root.ActivityTraceFlags & TraceFlagBits.Random) != 0 ||
            (!root.HasRemoteParent && root.ParentId is null && root.IdFormat == ActivityIdFormat.W3C);
        return isRandom ? (byte)(flags | TraceFlagBits.Random) : flags;
    }
}
