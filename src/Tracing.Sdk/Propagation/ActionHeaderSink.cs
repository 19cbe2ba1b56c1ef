namespace Tracing.Sdk.Propagation;

/// <summary>Writes headers through an OpenTelemetry <c>TextMapPropagator</c> setter.</summary>
internal readonly struct ActionHeaderSink<TCarrier> : IHeaderSink
{
    private readonly TCarrier _carrier;
    private readonly Action<TCarrier, string, string> _setter;

    public ActionHeaderSink(TCarrier carrier, Action<TCarrier, string, string> setter)
    {
        _carrier = carrier;
        _setter = setter;
    }

    public void Set(string name, string value) => _setter(_carrier, name, value);
}
