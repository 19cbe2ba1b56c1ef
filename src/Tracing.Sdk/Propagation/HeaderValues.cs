namespace Tracing.Sdk.Propagation;

/// <summary>Turns the several values a getter may return into one header value, within a length limit.</summary>
internal static class HeaderValues
{
    public static string? Combine(IEnumerable<string>? values, bool isList, int maxLength)
    {
        switch (values)
        {
            case null:
                return null;
            case string[] array:
                return array.Length switch
                {
                    0 => null,
                    1 => array[0],
                    _ => isList ? Join(array, maxLength) : null,
                };
            case IReadOnlyList<string> list:
                return list.Count switch
                {
                    0 => null,
                    1 => list[0],
                    _ => isList ? Join(list, maxLength) : null,
                };
            default:
                return isList ? Join(values, maxLength) : Single(values);
        }
    }

    private static string? Single(IEnumerable<string> values)
    {
        string? first = null;
        var count = 0;
        foreach (var value in values)
        {
            first = value;
            if (++count > 1)
            {
                return null;
            }
        }

        return first;
    }

    private static string? Join(IEnumerable<string> values, int maxLength)
    {
        var length = -1;
        foreach (var value in values)
        {
            length += (value?.Length ?? 0) + 1;
            if (length > maxLength)
            {
                return null;
            }
        }

        return length < 0 ? null : string.Join(',', values);
    }
}
