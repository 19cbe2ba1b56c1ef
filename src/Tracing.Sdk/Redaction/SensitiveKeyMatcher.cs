using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Tracing.Sdk.Redaction;

/// <summary>
/// Says whether an attribute key names something secret: a case-insensitive substring match against the configured
/// patterns. Keys repeat (spans carry the same few, mostly the same string instances: constants of the instrumentation
/// and the application), so each answer is remembered, up to a bound: first by the key's identity, which costs no
/// hashing of its characters, then by its value.
/// </summary>
internal sealed class SensitiveKeyMatcher
{
    public const string RedactedValue = "REDACTED";

    private const int MaxRemembered = 2048;

    // A power of two; a slot, once taken, keeps its key, so keys made per span never push out the constant ones.
    private const int IdentitySlots = 512;

    private readonly string[] _patterns;
    private readonly ConcurrentDictionary<string, bool> _answers = new(StringComparer.Ordinal);
    private readonly Answer?[] _byIdentity = new Answer?[IdentitySlots];

    public SensitiveKeyMatcher(IEnumerable<string> patterns)
    {
        _patterns = [.. patterns.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim())];
    }

    public bool IsEmpty => _patterns.Length == 0;

    public bool IsSensitive(string key)
    {
        var slot = RuntimeHelpers.GetHashCode(key) & (IdentitySlots - 1);
        if (_byIdentity[slot] is { } answer)
        {
            if (ReferenceEquals(answer.Key, key))
            {
                return answer.Sensitive;
            }

            return ByValue(key);
        }

        var sensitive = ByValue(key);
        _byIdentity[slot] = new Answer(key, sensitive);
        return sensitive;
    }

    private bool ByValue(string key)
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

    private sealed record Answer(string Key, bool Sensitive);
}
