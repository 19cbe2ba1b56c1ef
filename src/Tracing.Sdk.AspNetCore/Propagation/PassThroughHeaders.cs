using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Tracing.Sdk.AspNetCore.Propagation;

/// <summary>
/// The mesh headers (<c>x-request-id</c>, ...) carried from the request being handled to the calls it makes. They are
/// kept on the request's server activity, which every outgoing call's activity descends from: a recorded span has them
/// as its <c>http.request.header.&lt;name&gt;</c> tags anyway, an unrecorded one as custom properties. So injection
/// needs no <see cref="IHttpContextAccessor"/>, whose AsyncLocal write would cost every request a new ExecutionContext.
/// </summary>
internal sealed class PassThroughHeaders
{
    /// <summary>The longest value carried; longer ones are not forwarded.</summary>
    public const int MaxLength = 1024;

    private const string ServerActivitySource = "Microsoft.AspNetCore";

    private readonly string[] _names;
    private readonly string[] _tags;
    private readonly string[] _properties;

    public PassThroughHeaders(IEnumerable<string> configured)
    {
        _names = [.. configured.Select(header => header.Trim().ToLowerInvariant()).Where(header => header.Length > 0).Distinct(StringComparer.Ordinal)];
        _tags = [.. _names.Select(header => "http.request.header." + header)];
        _properties = [.. _names.Select(header => "Tracing.Sdk.PassThrough." + header)];
    }

    public IReadOnlyList<string> Names => _names;

    public bool IsEmpty => _names.Length == 0;

    /// <summary>Keeps the forwardable pass-through headers of a request on its server activity.</summary>
    public void Record(Activity activity, IHeaderDictionary headers)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            if (headers.TryGetValue(_names[i], out var values) && values.Count == 1 && values[0] is { } value && IsForwardable(value))
            {
                if (activity.IsAllDataRequested)
                {
                    activity.SetTag(_tags[i], new[] { value });
                }
                else
                {
                    activity.SetCustomProperty(_properties[i], value);
                }
            }
        }
    }

    /// <summary>Writes the headers kept on the server activity <paramref name="activity"/> descends from, unless already set.</summary>
    public void Inject(Activity? activity, object? carrier, DistributedContextPropagator.PropagatorSetterCallback setter)
    {
        if (_names.Length == 0 || FindServerActivity(activity ?? Activity.Current) is not { } server)
        {
            return;
        }

        for (var i = 0; i < _names.Length; i++)
        {
            var value = server.IsAllDataRequested
                ? server.GetTagItem(_tags[i]) is string[] { Length: 1 } values ? values[0] : null
                : server.GetCustomProperty(_properties[i]) as string;
            if (value is not null && !(carrier is HttpRequestMessage request && request.Headers.Contains(_names[i])))
            {
                setter(carrier, _names[i], value);
            }
        }
    }

    /// <summary>The value goes out again as received, so only plain visible ASCII of bounded length is carried.</summary>
    internal static bool IsForwardable(string value)
    {
        if (value.Length is 0 or > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private static Activity? FindServerActivity(Activity? activity)
    {
        for (; activity is not null; activity = activity.Parent)
        {
            if (activity.Kind == ActivityKind.Server && string.Equals(activity.Source.Name, ServerActivitySource, StringComparison.Ordinal))
            {
                return activity;
            }
        }

        return null;
    }
}
