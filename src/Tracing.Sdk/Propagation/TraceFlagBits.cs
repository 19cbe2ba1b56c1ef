namespace Tracing.Sdk.Propagation;

/// <summary>
/// The trace-flags bits Tracing.Sdk understands. W3C Trace Context Level 2 defines <see cref="Sampled"/> and
/// <see cref="Random"/>. The high bits are private markers for what W3C flags cannot say: they carry a B3 decision
/// from extraction to <see cref="PropagationSampler"/> through <see cref="System.Diagnostics.ActivityContext.TraceFlags"/>
/// (which keeps the whole byte). They never leave the process as flags: every <c>traceparent</c> keeps <see cref="Known"/>
/// only, and B3 writes <see cref="Debug"/> in its own encoding.
/// </summary>
internal static class TraceFlagBits
{
    public const byte Sampled = 0x01;

    public const byte Random = 0x02;

    /// <summary>The W3C bits we propagate.</summary>
    public const byte Known = Sampled | Random;

    /// <summary>
    /// A B3 context without a sampling decision: our sampler decides as for a root. <see cref="System.Diagnostics.Activity"/>
    /// drops this bit (it uses it internally), so it lives only in the extracted parent context.
    /// </summary>
    public const byte Deferred = 0x80;

    /// <summary>
    /// A B3 debug decision (<c>d</c>, <c>X-B3-Flags: 1</c>), always set together with <see cref="Sampled"/>. Unlike
    /// <see cref="Deferred"/> it survives onto the activity created from the extracted parent (the local root);
    /// <see cref="TraceFlagsProcessor"/> moves it from there to a marker (<see cref="B3Debug"/>) so it never reaches
    /// exported span flags, and B3 injection writes it back.
    /// </summary>
    public const byte Debug = 0x20;
}
