namespace Tracing.Sdk.Sampling;

/// <summary>
/// The request ASP.NET Core is about to create its server activity for, so the samplers can decide on its path, method
/// and user agent without ASP.NET Core's start tags (which cost every request, probes included, several thousand
/// instructions and half a kilobyte). ASP.NET Core asks its <c>DiagnosticListener</c> whether the request activity is
/// wanted, with the <c>HttpContext</c>, right before it creates the activity on the same thread; Tracing.Sdk.AspNetCore
/// answers no, and notes the request here. The samplers read it while that activity is sampled; the first middleware
/// clears it, so nothing outlives the request's start.
/// </summary>
internal static class PendingServerRequest
{
    /// <summary>The name of ASP.NET Core's server activity (and of its diagnostic check).</summary>
    public const string ActivityName = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    // One slot per thread, its fields reused: a single thread-static access per call, where three thread-static
    // strings cost three.
    [ThreadStatic]
    private static Slot? t_slot;

    /// <summary>Notes the request whose server activity is created next on this thread.</summary>
    public static void Set(string path, string method, string? userAgent)
    {
        var slot = t_slot ??= new Slot();
        slot.Path = path;
        slot.Method = method;
        slot.UserAgent = userAgent;
    }

    /// <summary>Forgets the noted request; true when there was one.</summary>
    public static bool Clear() => Take(out _, out _, out _);

    /// <summary>The noted request, forgotten as it is read; false when there was none.</summary>
    public static bool Take(out string path, out string method, out string? userAgent)
    {
        if (t_slot is not { Path: { } notedPath } slot)
        {
            path = string.Empty;
            method = string.Empty;
            userAgent = null;
            return false;
        }

        path = notedPath;
        method = slot.Method;
        userAgent = slot.UserAgent;
        slot.Path = null;
        slot.Method = string.Empty;
        slot.UserAgent = null;
        return true;
    }

    /// <summary>The noted request, when the activity being sampled is ASP.NET Core's server activity.</summary>
    public static bool TryGet(string activityName, out string path, out string method, out string? userAgent)
    {
        if (t_slot is { Path: { } notedPath } slot && string.Equals(activityName, ActivityName, StringComparison.Ordinal))
        {
            path = notedPath;
            method = slot.Method;
            userAgent = slot.UserAgent;
            return true;
        }

        path = string.Empty;
        method = string.Empty;
        userAgent = null;
        return false;
    }

    private sealed class Slot
    {
        public string? Path;

        public string Method = string.Empty;

        public string? UserAgent;
    }
}
