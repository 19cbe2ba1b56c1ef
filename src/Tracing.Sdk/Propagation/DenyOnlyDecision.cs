namespace Tracing.Sdk.Propagation;

/// <summary>
/// A B3 deny that came without ids (<c>b3: 0</c>, or <c>X-B3-Sampled: 0</c> without <c>X-B3-TraceId</c>), carried
/// from extraction to <see cref="PropagationSampler"/>. Such a request has no parent to continue: inventing one would
/// give the server span a parent span id no caller sent (a broken trace in every backend), so the activity is created
/// as a plain root and the deny reaches the sampler beside it, on the thread that extracts. ASP.NET Core (and code that
/// extracts by hand, then starts its activity) creates the activity right after extraction on the same thread, so the
/// deny is kept per thread and for one sampling decision only: every extraction replaces it, the next decision on the
/// thread takes it, and only a server or consumer root honours it, which leaves nothing for unrelated work on a pooled thread.
/// </summary>
internal static class DenyOnlyDecision
{
    [ThreadStatic]
    private static bool t_pending;

    /// <summary>Remembers what the extraction that just ran on this thread found (a deny-only header or not).</summary>
    public static void Remember(ExtractOutcome outcome) => t_pending = outcome == ExtractOutcome.Denied;

    /// <summary>Forgets a deny (an extraction that did not read the caller's headers).</summary>
    public static void Clear() => t_pending = false;

    /// <summary>True once after a deny-only extraction on this thread; every call clears it.</summary>
    public static bool Take()
    {
        if (!t_pending)
        {
            return false;
        }

        t_pending = false;
        return true;
    }
}
