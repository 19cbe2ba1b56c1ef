namespace Tracing.Sdk.Propagation;

/// <summary>Reads headers through an OpenTelemetry <c>TextMapPropagator</c> getter.</summary>
internal readonly struct FuncHeaderSource<TCarrier> : IHeaderSource
{
    private readonly TCarrier _carrier;
    private readonly Func<TCarrier, string, IEnumerable<string>?> _getter;

    public FuncHeaderSource(TCarrier carrier, Func<TCarrier, string, IEnumerable<string>?> getter)
    {
        _carrier = carrier;
        _getter = getter;
    }

    public string? Get(string name, bool isList, int maxLength) => HeaderValues.Combine(_getter(_carrier, name), isList, maxLength);
}
