namespace Tracing.Sdk;

/// <summary>
/// A head-sampling rule for the server spans that start a trace: requests whose path (and, if given, method) match
/// are recorded at <see cref="RatePerMillion"/>, with the trace-id ratio test of <c>traceidratio</c>, so services with
/// the same rate keep the same traces. Rules are evaluated in order and the first match wins; a request with a parent
/// follows its parent, and a root that matches no rule falls back to the configured sampler. From
/// <c>K8sTracing:SamplingRules</c> (for example <c>K8sTracing__SamplingRules__0__Path=/checkout/*</c>).
/// </summary>
public sealed class SamplingRule
{
    /// <summary>Creates a rule for <paramref name="path"/> recorded at <paramref name="ratePerMillion"/>.</summary>
    /// <param name="path">The request path; see <see cref="Path"/>.</param>
    /// <param name="ratePerMillion">Roots recorded per million; see <see cref="RatePerMillion"/>.</param>
    public SamplingRule(string path, int ratePerMillion)
    {
        Path = path;
        RatePerMillion = ratePerMillion;
    }

    /// <summary>
    /// The request path the rule applies to, starting with <c>/</c>: matched exactly, or, ending in <c>*</c>, as a prefix
    /// at a segment boundary (<c>/catalog/*</c> matches <c>/catalog</c> and <c>/catalog/42</c>, not <c>/catalogue</c>);
    /// case is ignored, as routing ignores it. From <c>K8sTracing:SamplingRules:{n}:Path</c>. No default: required.
    /// </summary>
    public string Path { get; set; }

    /// <summary>
    /// The HTTP method the rule applies to (<c>GET</c>), ignoring case; <see langword="null"/> for any method.
    /// From <c>K8sTracing:SamplingRules:{n}:Method</c>. Default: <see langword="null"/>.
    /// </summary>
    public string? Method { get; set; }

    /// <summary>
    /// Root traces recorded per million matching requests, 0 to 1000000 (1000000 records every one, 0 none).
    /// From <c>K8sTracing:SamplingRules:{n}:RatePerMillion</c>. No default: required.
    /// </summary>
    public int RatePerMillion { get; set; }

    /// <summary>The rule as the startup report shows it: <c>GET /catalog/* 10000</c>.</summary>
    /// <returns>The method (when set), the path and the rate.</returns>
    public override string ToString() => Method is null ? $"{Path} {RatePerMillion}" : $"{Method} {Path} {RatePerMillion}";
}
