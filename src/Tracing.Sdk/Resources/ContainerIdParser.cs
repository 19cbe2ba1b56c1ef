namespace Tracing.Sdk.Resources;

/// <summary>
/// Finds the container id in <c>/proc/self/cgroup</c> (cgroup v1) or <c>/proc/self/mountinfo</c> (cgroup v2), only where
/// the text names it unambiguously: a 64-hex-digit segment, with the runtimes' known prefixes and suffixes removed.
/// Under cgroup v2 with containerd the mounts name the pod sandbox, not the container, so nothing is reported there.
/// </summary>
internal static class ContainerIdParser
{
    private const int IdLength = 64;

    public static string? FromCgroupV1(string? cgroup)
    {
        if (string.IsNullOrEmpty(cgroup))
        {
            return null;
        }

        foreach (var line in cgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var path = line[(line.LastIndexOf(':') + 1)..];
            var segment = path[(path.LastIndexOf('/') + 1)..];
            if (TrimRuntimeAffixes(segment) is { } id)
            {
                return id;
            }
        }

        return null;
    }

    public static string? FromMountInfo(string? mountInfo)
    {
        if (string.IsNullOrEmpty(mountInfo))
        {
            return null;
        }

        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Contains("/sandboxes/", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var field in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                // Docker and CRI-O keep each container's /etc/hostname under a folder named by the container id.
                var marker = field.IndexOf("/containers/", StringComparison.Ordinal);
                if (marker < 0 || !field.EndsWith("/hostname", StringComparison.Ordinal))
                {
                    continue;
                }

                var rest = field[(marker + "/containers/".Length)..];
                var candidate = rest.Split('/')[0];
                if (IsId(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static string? TrimRuntimeAffixes(string segment)
    {
        if (segment.EndsWith(".scope", StringComparison.Ordinal))
        {
            segment = segment[..^".scope".Length];
        }

        var dash = segment.LastIndexOf('-');
        if (dash >= 0)
        {
            segment = segment[(dash + 1)..];
        }

        var colon = segment.LastIndexOf(':');
        if (colon >= 0)
        {
            segment = segment[(colon + 1)..];
        }

        return IsId(segment) ? segment : null;
    }

    private static bool IsId(string candidate)
    {
        if (candidate.Length != IdLength)
        {
            return false;
        }

        foreach (var c in candidate)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
