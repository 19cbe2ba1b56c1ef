using System.Diagnostics;

namespace Tracing.Sdk.Propagation;

/// <summary>Reads headers through a .NET <see cref="DistributedContextPropagator.PropagatorGetterCallback"/>.</summary>
internal readonly struct CallbackHeaderSource : IHeaderSource
{
    private readonly object? _carrier;
    private readonly DistributedContextPropagator.PropagatorGetterCallback _getter;

    public CallbackHeaderSource(object? carrier, DistributedContextPropagator.PropagatorGetterCallback getter)
    {
        _carrier = carrier;
        _getter = getter;
    }

    public string? Get(string name, bool isList, int maxLength)
    {
        _getter(_carrier, name, out var value, out var values);
        return value ?? HeaderValues.Combine(values, isList, maxLength);
    }
}
