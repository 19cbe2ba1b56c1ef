using System.Collections.Frozen;

namespace Tracing.Sdk.Configuration;

/// <summary>
/// A configured list of names or paths, frozen at startup: an entry ending in <c>*</c> matches by prefix, any other
/// exactly; both ignore case (routing does, so <c>/Healthz</c> reaches the same endpoint as <c>/healthz</c>, and so do
/// ActivitySource wildcards). Used for the probe paths on every request, so a match allocates nothing.
/// </summary>
internal sealed class NamePatternSet
{
    private readonly FrozenSet<string> _exact;
    private readonly string[] _prefixes;

    public NamePatternSet(IEnumerable<string> patterns)
    {
        var exact = new List<string>();
        var prefixes = new List<string>();
        foreach (var pattern in patterns)
        {
            if (string.IsNullOrEmpty(pattern))
            {
                continue;
            }

            if (pattern.EndsWith('*'))
            {
                prefixes.Add(pattern[..^1]);
            }
            else
            {
                exact.Add(pattern);
            }
        }

        _exact = exact.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _prefixes = [.. prefixes];
    }

    public bool IsMatch(string value)
    {
        if (_exact.Contains(value))
        {
            return true;
        }

        foreach (var prefix in _prefixes)
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
