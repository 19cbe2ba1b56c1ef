using System.Diagnostics;
using OpenTelemetry;

namespace Tracing.Sdk.Redaction;

/// <summary>
/// Replaces the values of sensitive span attributes with <c>REDACTED</c> when a span ends, before any exporter sees it.
/// A span without such attributes costs one pass over its tags, one remembered answer per key, and no allocation.
/// </summary>
internal sealed class SensitiveAttributeProcessor : BaseProcessor<Activity>
{
    private readonly SensitiveKeyMatcher _matcher;

    public SensitiveAttributeProcessor(SensitiveKeyMatcher matcher)
    {
        _matcher = matcher;
    }

    public override void OnEnd(Activity data)
    {
        List<string>? sensitive = null;
        foreach (ref readonly var tag in data.EnumerateTagObjects())
        {
            if (_matcher.IsSensitive(tag.Key) && tag.Value is not null && !Equals(tag.Value, SensitiveKeyMatcher.RedactedValue))
            {
                (sensitive ??= []).Add(tag.Key);
            }
        }

        if (sensitive is null)
        {
            return;
        }

        foreach (var key in sensitive)
        {
            data.SetTag(key, SensitiveKeyMatcher.RedactedValue);
        }
    }
}
