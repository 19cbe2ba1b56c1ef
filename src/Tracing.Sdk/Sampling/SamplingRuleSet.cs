namespace Tracing.Sdk.Sampling;

/// <summary>The sampling rules in their configured order, compiled once at startup; the first that matches wins.</summary>
internal sealed class SamplingRuleSet
{
    private readonly RouteRule[] _rules;

    private SamplingRuleSet(RouteRule[] rules)
    {
        _rules = rules;
    }

    public bool IsEmpty => _rules.Length == 0;

    public static SamplingRuleSet Compile(IEnumerable<SamplingRule> rules)
    {
        var compiled = new List<RouteRule>();
        foreach (var rule in rules)
        {
            compiled.Add(new RouteRule(rule));
        }

        return new SamplingRuleSet([.. compiled]);
    }

    public RouteRule? FindFirst(string path, string? method)
    {
        foreach (var rule in _rules)
        {
            if (rule.IsMatch(path, method))
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>Adds the rules, in order, to the startup report when there are any.</summary>
    public void Report(IDictionary<string, string> entries)
    {
        if (!IsEmpty)
        {
            entries["samplingRules"] = ToString();
        }
    }

    /// <summary>The rules in order: <c>[/checkout/* 1000000, GET /catalog/* 10000]</c>.</summary>
    public override string ToString() => "[" + string.Join(", ", _rules.Select(r => r.Description)) + "]";
}
