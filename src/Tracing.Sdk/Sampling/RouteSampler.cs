using System.Diagnostics;
using System.Runtime.CompilerServices;
using OpenTelemetry.Trace;

namespace Tracing.Sdk.Sampling;

/// <summary>
/// Applies the sampling rules to server spans that start a trace, from the request ASP.NET Core is starting
/// (<see cref="PendingServerRequest"/>) or its start tags (<c>url.path</c>, <c>http.request.method</c>), before the
/// span exists. Spans with a parent, other kinds
/// of span and roots that match no rule go to the configured sampler unchanged. Allocates nothing.
/// </summary>
internal sealed class RouteSampler : Sampler
{
    private const string PathTag = "url.path";
    private const string MethodTag = "http.request.method";

    private readonly Sampler _inner;
    private readonly SamplingRuleSet _rules;

    public RouteSampler(Sampler inner, SamplingRuleSet rules)
    {
        _inner = inner;
        _rules = rules;
        Description = inner.Description;
    }

    /// <summary>The configured sampler alone when there are no rules, so a setup without rules pays nothing.</summary>
    public static Sampler Over(Sampler inner, SamplingRuleSet rules) => rules.IsEmpty ? inner : new RouteSampler(inner, rules);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (samplingParameters.Kind == ActivityKind.Server &&
            samplingParameters.ParentContext.TraceId == default &&
            FindRequest(in samplingParameters, out var method) is { } path &&
            _rules.FindFirst(path, method) is { } rule)
        {
            return rule.Sampler.ShouldSample(in samplingParameters);
        }

        return _inner.ShouldSample(in samplingParameters);
    }

    private static string? FindRequest(in SamplingParameters samplingParameters, out string? method)
    {
        if (PendingServerRequest.TryGet(samplingParameters.Name, out var path, out var pendingMethod, out _))
        {
            method = pendingMethod;
            return path;
        }

        return FindRequest(samplingParameters.Tags, out method);
    }

    private static string? FindRequest(IEnumerable<KeyValuePair<string, object?>>? tags, out string? method)
    {
        method = null;
        string? path = null;
        if (tags is null)
        {
            return null;
        }

        if (tags is TagList)
        {
            ref readonly var list = ref Unsafe.Unbox<TagList>(tags);
            for (var i = 0; i < list.Count; i++)
            {
                if (Read(list[i], ref path, ref method))
                {
                    return path;
                }
            }

            return path;
        }

        foreach (var tag in tags)
        {
            if (Read(tag, ref path, ref method))
            {
                return path;
            }
        }

        return path;
    }

    /// <summary>Takes the path or method from a tag; true once both are known.</summary>
    private static bool Read(KeyValuePair<string, object?> tag, ref string? path, ref string? method)
    {
        if (tag.Value is not string value)
        {
            return false;
        }

        if (string.Equals(tag.Key, PathTag, StringComparison.Ordinal))
        {
            path = value;
        }
        else if (string.Equals(tag.Key, MethodTag, StringComparison.Ordinal))
        {
            method = value;
        }

        return path is not null && method is not null;
    }
}
