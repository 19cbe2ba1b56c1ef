using OpenTelemetry;

namespace Tracing.Sdk.Propagation;

/// <summary>
/// Turns a <c>baggage</c> header into OpenTelemetry's <see cref="Baggage"/>. <see cref="Baggage.Create"/> copies the
/// dictionary it is given, so members are gathered in a dictionary kept per thread and reused: the copy is the only
/// dictionary a request allocates.
/// </summary>
internal static class BaggageReader
{
    [ThreadStatic]
    private static Dictionary<string, string>? t_members;

    /// <summary>The header's members as <see cref="Baggage"/>; <c>default</c> when none is valid.</summary>
    public static Baggage Read(ReadOnlySpan<char> header)
    {
        var members = t_members ??= new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            return W3CBaggage.Parse(header, members, static (target, key, value) => target[key] = value) > 0
                ? Baggage.Create(members)
                : default;
        }
        finally
        {
            members.Clear();
        }
    }
}
