namespace Tracing.Sdk.Propagation;

/// <summary>What a B3 header or header set says.</summary>
internal enum B3Outcome
{
    /// <summary>Absent or malformed: no context.</summary>
    None,

    /// <summary>A trace and span id, with or without a sampling decision.</summary>
    Context,

    /// <summary>Only a deny decision (<c>b3: 0</c>, or <c>X-B3-Sampled: 0</c> without ids).</summary>
    Deny,
}
