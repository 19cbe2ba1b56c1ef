using OpenTelemetry.Trace;

namespace Tracing.Sdk.Sampling;

/// <summary>
/// A <see cref="SamplingRule"/> compiled at startup: its path pattern, its method, and the sampler for its rate —
/// OpenTelemetry's own <see cref="TraceIdRatioBasedSampler"/>, so the decision for a trace id is the one
/// <c>traceidratio</c> at the same ratio makes in any service.
/// </summary>
internal sealed class RouteRule
{
    private readonly RoutePattern _path;
    private readonly string? _method;

    public RouteRule(SamplingRule rule)
    {
        _path = new RoutePattern(rule.Path);
        _method = string.IsNullOrWhiteSpace(rule.Method) ? null : rule.Method.Trim();
        Sampler = rule.RatePerMillion >= 1_000_000
            ? new AlwaysOnSampler()
            : new TraceIdRatioBasedSampler(rule.RatePerMillion / 1_000_000d);
        Description = rule.ToString();
    }

    public Sampler Sampler { get; }

    public string Description { get; }

    public bool IsMatch(string path, string? method) =>
        (_method is null || string.Equals(method, _method, StringComparison.OrdinalIgnoreCase)) && _path.IsMatch(path);
}
