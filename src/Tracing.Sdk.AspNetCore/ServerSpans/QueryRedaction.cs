using System.Text;

namespace Tracing.Sdk.AspNetCore.ServerSpans;

/// <summary>
/// Keeps a query string's parameter names and replaces every value with <c>REDACTED</c>, so <c>url.query</c> says what
/// was asked without carrying tokens or personal data. The leading <c>?</c> is dropped, as the conventions require.
/// </summary>
internal static class QueryRedaction
{
    public static string Redact(string query)
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

            var equals = pair.IndexOf('=');
            if (result.Length > 0)
            {
                result.Append('&');
            }

            if (equals < 0)
            {
                result.Append(pair);
            }
            else
            {
                result.Append(pair[..equals]).Append('=').Append(ServerSpanCompletion.RedactedValue);
            }
        }

        return result.ToString();
    }
}
