using Microsoft.AspNetCore.Http;

namespace Tracing.Sdk.AspNetCore.Propagation;

/// <summary>
/// Which <see cref="IncomingTraceContext"/> applies to a request path: the longest configured prefix that matches at a
/// segment boundary (<c>/public</c> matches <c>/public</c> and <c>/public/x</c>, not <c>/publications</c>), else the
/// default. Matching ignores case, as ASP.NET Core routing does, so a caller cannot dodge a rule by changing case.
/// </summary>
internal sealed class IncomingContextPolicy
{
    private readonly IncomingTraceContext _default;
    private readonly string[] _prefixes;
    private readonly IncomingTraceContext[] _policies;

    public IncomingContextPolicy(IncomingTraceContext defaultPolicy, IEnumerable<KeyValuePair<string, IncomingTraceContext>> byPath)
    {
        _default = defaultPolicy;
        var rules = byPath
            .Select(rule => new KeyValuePair<string, IncomingTraceContext>(rule.Key.Length > 1 ? rule.Key.TrimEnd('/') : rule.Key, rule.Value))
            .OrderByDescending(rule => rule.Key.Length)
            .ToArray();
        _prefixes = [.. rules.Select(rule => rule.Key)];
        _policies = [.. rules.Select(rule => rule.Value)];
        AlwaysTrust = defaultPolicy == IncomingTraceContext.Trust && _policies.All(policy => policy == IncomingTraceContext.Trust);
        HasLink = defaultPolicy == IncomingTraceContext.Link || _policies.Contains(IncomingTraceContext.Link);
        HasTrust = defaultPolicy == IncomingTraceContext.Trust || _policies.Contains(IncomingTraceContext.Trust);
    }

    /// <summary>True when every path trusts its callers, so no request needs to be looked at.</summary>
    public bool AlwaysTrust { get; }

    /// <summary>True when some path links new roots to their callers.</summary>
    public bool HasLink { get; }

    /// <summary>True when some path trusts its callers (and so takes their baggage).</summary>
    public bool HasTrust { get; }

    public IncomingTraceContext Default => _default;

    public IncomingTraceContext For(PathString path)
    {
        if (AlwaysTrust)
        {
            return IncomingTraceContext.Trust;
        }

        var value = path.Value.AsSpan();
        for (var i = 0; i < _prefixes.Length; i++)
        {
            var prefix = _prefixes[i];
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) &&
                (value.Length == prefix.Length || prefix[^1] == '/' || value[prefix.Length] == '/'))
            {
                return _policies[i];
            }
        }

        return _default;
    }
}
