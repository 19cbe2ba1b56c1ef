using System.Collections.Frozen;
using System.Text;

namespace Tracing.Sdk.AspNetCore.ServerSpans;

/// <summary>
/// Keeps a query string's parameter names and replaces every value with <c>REDACTED</c>, except for the parameters
/// configured as visible, so <c>url.query</c> says what was asked without carrying tokens or personal data.
/// The leading <c>?</c> is dropped, as the conventions require.
/// </summary>
internal sealed class QueryRedaction
{
    public const string RedactedValue = "REDACTED";

    private readonly FrozenSet<string> _visible;

    public QueryRedaction(IEnumerable<string> visibleParameters)
    {
        _visible = visibleParameters.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    public string Redact(string query)
    {
        var text = query.AsSpan();
        if (text.StartsWith("?"))
        {
            text = text[1..];
        }

        var result = new StringBuilder(text.Length + 16);
        while (!text.IsEmpty)
        {
            var end = text.IndexOf('&');
            var pair = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];

            if (result.Length > 0)
            {
                result.Append('&');
            }

            var equals = pair.IndexOf('=');
            if (equals < 0)
            {
                result.Append(pair);
            }
            else if (_visible.Count > 0 && _visible.Contains(pair[..equals].ToString()))
            {
                result.Append(pair);
            }
            else
            {
                result.Append(pair[..equals]).Append('=').Append(RedactedValue);
            }
        }

        return result.ToString();
    }
}
