namespace Tracing.Sdk.Sampling;

/// <summary>
/// One rule's path: exact, or a prefix ending in <c>*</c> that matches at a segment boundary, so <c>/catalog/*</c>
/// and <c>/catalog*</c> both take <c>/catalog</c> and <c>/catalog/42</c> but never <c>/catalogue</c>. Case is ignored,
/// as routing ignores it, so <c>/CATALOG/42</c> cannot dodge a rule. Matching allocates nothing.
/// </summary>
internal sealed class RoutePattern
{
    private readonly string _path;
    private readonly bool _isPrefix;

    public RoutePattern(string pattern)
    {
        _isPrefix = pattern.EndsWith('*');
        _path = _isPrefix ? pattern[..^1].TrimEnd('/') : pattern;
    }

    public bool IsMatch(string path)
    {
        if (!_isPrefix)
        {
            return string.Equals(path, _path, StringComparison.OrdinalIgnoreCase);
        }

        return path.StartsWith(_path, StringComparison.OrdinalIgnoreCase) &&
            (path.Length == _path.Length || path[_path.Length] == '/');
    }
}
