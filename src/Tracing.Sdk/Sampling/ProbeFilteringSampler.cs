using System.Diagnostics;
using System.Runtime.CompilerServices;
using OpenTelemetry.Trace;
using Tracing.Sdk.Configuration;

namespace Tracing.Sdk.Sampling;

/// <summary>
/// Drops kubelet health probes before any other sampler is asked, so a probe creates no span, nothing it does
/// underneath is recorded, and probes never count against ratio sampling. It reads the request ASP.NET Core is starting
/// (<see cref="PendingServerRequest"/>) or, when an application switched them on, ASP.NET Core's start tags
/// (<c>url.path</c>, <c>user_agent.original</c>), and allocates nothing.
/// </summary>
internal sealed class ProbeFilteringSampler : Sampler
{
    private const string KubeProbeUserAgentPrefix = "kube-probe/";

    private readonly Sampler _inner;
    private readonly NamePatternSet _paths;
    private readonly bool _dropKubeProbeUserAgent;

    public ProbeFilteringSampler(Sampler inner, NamePatternSet paths, bool dropKubeProbeUserAgent)
    {
        _inner = inner;
        _paths = paths;
        _dropKubeProbeUserAgent = dropKubeProbeUserAgent;
        Description = inner.Description;
    }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (samplingParameters.Kind == ActivityKind.Server && IsProbe(in samplingParameters))
        {
            return new SamplingResult(SamplingDecision.Drop);
        }

        return _inner.ShouldSample(in samplingParameters);
    }

    /// <summary>Whether a request is a probe: its path is a probe path, or a kubelet sent it.</summary>
    public bool IsProbe(string path, string? userAgent) =>
        _paths.IsMatch(path) || (userAgent is not null && IsKubelet(userAgent));

    private bool IsProbe(in SamplingParameters samplingParameters) =>
        PendingServerRequest.TryGet(samplingParameters.Name, out var path, out _, out var userAgent)
            ? IsProbe(path, userAgent)
            : IsProbe(samplingParameters.Tags);

    private bool IsProbe(IEnumerable<KeyValuePair<string, object?>>? tags)
    {
        if (tags is null)
        {
            return false;
        }

        if (tags is TagList)
        {
            // Read in place: TagList is a large struct, and a copy out of the box would cost more than the loop.
            ref readonly var list = ref Unsafe.Unbox<TagList>(tags);
            for (var i = 0; i < list.Count; i++)
            {
                if (IsProbeTag(list[i]))
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var tag in tags)
        {
            if (IsProbeTag(tag))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsProbeTag(KeyValuePair<string, object?> tag)
    {
        if (tag.Value is not string value)
        {
            return false;
        }

        if (string.Equals(tag.Key, "url.path", StringComparison.Ordinal))
        {
            return _paths.IsMatch(value);
        }

        return string.Equals(tag.Key, "user_agent.original", StringComparison.Ordinal) && IsKubelet(value);
    }

    private bool IsKubelet(string userAgent) =>
        _dropKubeProbeUserAgent && userAgent.StartsWith(KubeProbeUserAgentPrefix, StringComparison.Ordinal);
}
