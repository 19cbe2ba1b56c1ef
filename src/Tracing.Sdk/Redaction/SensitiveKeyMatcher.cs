using System.Collections.Concurrent;

namespace Tracing.Sdk.Redaction;

/// <summary>
/// Says whether an attribute key names something secret: a case-insensitive substring match against the configured
/// patterns. Keys repeat (spans carry the same few), so each answer is remembered, up to a bound.
/// </summary>
internal sealed class SensitiveKeyMatcher
{
    public const string RedactedValue = "REDACTED";

    private const int MaxRemembered = 2048;

    private readonly string[] _patterns;
    private readonly ConcurrentDictionary<string, bool> _answers = new(StringComparer.Ordinal);

    public SensitiveKeyMatcher(IEnumerable<string> patterns)
    {
        _patterns = [.. patterns.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim())];
    }

    public bool IsEmpty => _patterns.Length == 0;

    public bool IsSensitive(string key)
    {
        if (_answers.TryGetValue(key, out var known))
        {
            return known;
        }

        var sensitive = false;
        foreach (var pattern in _patterns)
        {
            if (key.Contains(pattern, StringComparison.OrdinalIgnoreCase))
            {
                sensitive = true;
                break;
            }
        }

        if (_answers.Count < MaxRemembered)
        {
            _answers.TryAdd(key, sensitive);
        }

        return sensitive;
    }
}
