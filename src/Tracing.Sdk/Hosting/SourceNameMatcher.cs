namespace Tracing.Sdk.Hosting;

/// <summary>Matches ActivitySource names the way the provider's <c>AddSource</c> does: exactly, or by a trailing <c>*</c>.</summary>
internal sealed class SourceNameMatcher
{
    private readonly HashSet<string> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _prefixes = [];

    public SourceNameMatcher(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (name.EndsWith('*'))
            {
                _prefixes.Add(name[..^1]);
            }
            else
            {
                _exact.Add(name);
            }
        }
    }

    public bool IsMatch(string sourceName)
    {
        if (_exact.Contains(sourceName))
        {
            return true;
        }

        foreach (var prefix in _prefixes)
        {
            if (sourceName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
