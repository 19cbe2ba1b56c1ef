using System.Diagnostics;

namespace Tracing.Sdk.Propagation;

/// <summary>Writes headers through a .NET <see cref="DistributedContextPropagator.PropagatorSetterCallback"/>.</summary>
internal readonly struct CallbackHeaderSink : IHeaderSink
{
    private readonly object? _carrier;
    private readonly DistributedContextPropagator.PropagatorSetterCallback _setter;

    public CallbackHeaderSink(object? carrier, DistributedContextPropagator.PropagatorSetterCallback setter)
    {
        _carrier = carrier;
        _setter = setter;
    }

    public void Set(string name, string value) => _setter(_carrier, name, value);
}
