using System.Diagnostics;

namespace Tracing.Sdk.Propagation;

/// <summary>
/// B3's debug decision for an activity. Debug has no W3C encoding, so extraction carries it in the private
/// <see cref="TraceFlagBits.Debug"/> bit of the remote parent context. <see cref="Activity"/> copies a remote parent's
/// flags onto the activity it creates (the local root) but not onto in-process children, so, like the random flag, it
/// is found on the local root: as that bit until <see cref="TraceFlagsProcessor"/> sees the activity start, then as a
/// custom property, which exporters never read. Only debug traces pay for the marker; others pay a walk to the root.
/// </summary>
internal static class B3Debug
{
    private const string PropertyName = "Tracing.Sdk.B3Debug";

    private static readonly object Marker = new();

    public static void Mark(Activity activity) => activity.SetCustomProperty(PropertyName, Marker);

    /// <summary>True when the activity's trace was received with a B3 debug decision.</summary>
    public static bool IsSet(Activity activity)
    {
        var root = activity;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        return ((byte)root.ActivityTraceFlags & TraceFlagBits.Debug) != 0 || root.GetCustomProperty(PropertyName) is not null;
    }
}
