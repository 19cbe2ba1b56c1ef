namespace Tracing.Sdk.Propagation;

/// <summary>
/// Reads one header from a carrier, whatever the adapter's getter looks like. Implemented by structs so the
/// generic extraction code is specialised per adapter and nothing is boxed.
/// </summary>
internal interface IHeaderSource
{
    /// <summary>
    /// The header's value; several values are joined with commas when <paramref name="isList"/> (only while the
    /// result stays within <paramref name="maxLength"/>), and make a single-value header unreadable (null).
    /// </summary>
    string? Get(string name, bool isList, int maxLength);
}
