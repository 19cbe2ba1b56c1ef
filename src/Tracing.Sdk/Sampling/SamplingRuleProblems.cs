namespace Tracing.Sdk.Sampling;

/// <summary>
/// What makes a sampling rule unusable, in one place for both origins: a rule from configuration with a problem is
/// reported and skipped, a rule set in code fails at startup with the others.
/// </summary>
internal static class SamplingRuleProblems
{
    public static List<string> Of(string? path, string? method, int? ratePerMillion, string? rateText = null)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(path))
        {
            problems.Add("Path is empty");
        }
        else if (!path.StartsWith('/'))
        {
            problems.Add($"Path '{path}' does not start with '/'");
        }
        else if (path.IndexOf('*', StringComparison.Ordinal) is var star && star >= 0 && star != path.Length - 1)
        {
            problems.Add($"Path '{path}' has a '*' that does not end it");
        }

        if (method is not null && !IsToken(method))
        {
            problems.Add($"Method '{method}' is not an HTTP method");
        }

        if (ratePerMillion is not (>= 0 and <= 1_000_000))
        {
            problems.Add($"RatePerMillion '{rateText ?? ratePerMillion?.ToString(System.Globalization.CultureInfo.InvariantCulture)}' is not a whole number from 0 to 1000000");
        }

        return problems;
    }

    /// <summary>Every problem of the rules set in code, each naming its rule by position.</summary>
    public static void AddTo(List<string> failures, IList<SamplingRule> rules)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] is not { } rule)
            {
                failures.Add($"{nameof(K8sTracingOptions.SamplingRules)}[{i}] is null.");
                continue;
            }

            foreach (var problem in Of(rule.Path, rule.Method, rule.RatePerMillion))
            {
                failures.Add($"{nameof(K8sTracingOptions.SamplingRules)}[{i}]: {problem}.");
            }
        }
    }

    private static bool IsToken(string method)
    {
        if (method.Length == 0)
        {
            return false;
        }

        foreach (var c in method)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
