using Microsoft.AspNetCore.Http;
using Tracing.Sdk.Propagation;

namespace Tracing.Sdk.AspNetCore.Propagation;

/// <summary>Reads request headers for the shared parsers, as ASP.NET Core's own extraction does (values comma-joined).</summary>
internal readonly struct HeaderDictionarySource : IHeaderSource
{
    private readonly IHeaderDictionary _headers;

    public HeaderDictionarySource(IHeaderDictionary headers)
    {
        _headers = headers;
    }

    public string? Get(string name, bool isList, int maxLength)
    {
        var values = _headers[name];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => isList && JoinedLength(values) <= maxLength ? values.ToString() : null,
        };
    }

    private static int JoinedLength(Microsoft.Extensions.Primitives.StringValues values)
    {
        var length = -1;
        foreach (var value in values)
        {
            length += (value?.Length ?? 0) + 1;
        }

        return length;
    }
}
