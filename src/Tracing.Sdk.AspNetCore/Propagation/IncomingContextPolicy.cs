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

        // Plain loops over a list of a reference type rather than LINQ over the struct pairs: this runs at every start,
        // and generic code over a struct is compiled at run time just for this call; List<class> is shared and precompiled.
        var rules = new List<PathRule>();
        foreach (var rule in byPath)
        {
            var prefix = rule.Key.Length > 1 ? rule.Key.TrimEnd('/') : rule.Key;

            // Longest first; rules of the same length stay in the order given.
            var at = rules.Count;
            while (at > 0 && rules[at - 1].Prefix.Length < prefix.Length)
            {
                at--;
            }

            rules.Insert(at, new PathRule(prefix, rule.Value));
        }

        _prefixes = new string[rules.Count];
        _policies = new IncomingTraceContext[rules.Count];
        var allTrust = defaultPolicy == IncomingTraceContext.Trust;
        var hasLink = defaultPolicy == IncomingTraceContext.Link;
        var hasTrust = defaultPolicy == IncomingTraceContext.Trust;
        for (var i = 0; i < rules.Count; i++)
        {
            _prefixes[i] = rules[i].Prefix;
            _policies[i] = rules[i].Policy;
            allTrust &= rules[i].Policy == IncomingTraceContext.Trust;
            hasLink |= rules[i].Policy == IncomingTraceContext.Link;
            hasTrust |= rules[i].Policy == IncomingTraceContext.Trust;
        }

        AlwaysTrust = allTrust;
        HasLink = hasLink;
        HasTrust = hasTrust;
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

    private sealed class PathRule(string prefix, IncomingTraceContext policy)
    {
        public string Prefix { get; } = prefix;

        public IncomingTraceContext Policy { get; } = policy;
    }
}
