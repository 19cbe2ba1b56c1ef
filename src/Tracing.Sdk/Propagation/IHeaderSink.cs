namespace Tracing.Sdk.Propagation;

/// <summary>Writes one header to a carrier, whatever the adapter's setter looks like.</summary>
internal interface IHeaderSink
{
    void Set(string name, string value);
}
