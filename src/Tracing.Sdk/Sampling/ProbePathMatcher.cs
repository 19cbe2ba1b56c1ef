using System.Collections.Frozen;

namespace Tracing.Sdk.Sampling;

/// <summary>
/// Matches request paths against the probe paths, frozen at startup: exact entries by a case-insensitive set lookup
/// (routing is case-insensitive, so <c>/Healthz</c> reaches the same endpoint), entries ending in <c>*</c> by prefix.
/// </summary>
internal sealed class ProbePathMatcher
{
    private readonly FrozenSet<string> _exact;
    private readonly string[] _prefixes;

    public ProbePathMatcher(IEnumerable<string> paths)
    {
        var exact = new List<string>();
        var prefixes = new List<string>();
        foreach (var path in paths)
        {
            if (string.IsNullOrEmpty(path))
            {
                continue;
            }

            if (path.EndsWith('*'))
            {
                prefixes.Add(path[..^1]);
            }
            else
            {
                exact.Add(path);
            }
        }

        _exact = exact.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _prefixes = [.. prefixes];
    }

    public bool IsEmpty => _exact.Count == 0 && _prefixes.Length == 0;

    public bool IsMatch(string path)
    {
        if (_exact.Contains(path))
        {
            return true;
        }

        foreach (var prefix in _prefixes)
        {
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
