using System.Diagnostics;
using OpenTelemetry.Context.Propagation;
using Tracing.Sdk.Configuration;
using Tracing.Sdk.Propagation;

namespace Tracing.Sdk.Tests.Propagation;

internal static class PropagatorTestHelpers
{
    public static PropagationCodec Codec(params string[] names) =>
        PropagationSetup.CreateCodec(names, new SetupDiagnostics(), out _);

    public static PropagationContext ExtractTextMap(PropagationCodec codec, Dictionary<string, string> headers) =>
        new K8sTextMapPropagator(codec).Extract(default, headers, static (carrier, name) =>
            carrier.TryGetValue(name, out var value) ? [value] : null);

    public static (string? TraceParent, string? TraceState) ExtractDistributed(PropagationCodec codec, Dictionary<string, string> headers)
    {
        new K8sDistributedContextPropagator(codec).ExtractTraceIdAndState(headers, static (object? carrier, string name, out string? value, out IEnumerable<string>? values) =>
        {
            values = null;
            value = ((Dictionary<string, string>)carrier!).TryGetValue(name, out var found) ? found : null;
        }, out var traceParent, out var traceState);
        return (traceParent, traceState);
    }

    /// <summary>Extraction from repeated headers, each value handed separately (as a header line each).</summary>
    public static PropagationContext ExtractTextMapLines(PropagationCodec codec, Dictionary<string, string[]> headers) =>
        new K8sTextMapPropagator(codec).Extract(default, headers, static (carrier, name) =>
            carrier.TryGetValue(name, out var values) ? values : null);

    /// <summary>Extraction from repeated headers as ASP.NET Core's getter hands them: several values in one list.</summary>
    public static (string? TraceParent, string? TraceState) ExtractDistributedLines(PropagationCodec codec, Dictionary<string, string[]> headers)
    {
        new K8sDistributedContextPropagator(codec).ExtractTraceIdAndState(headers, static (object? carrier, string name, out string? value, out IEnumerable<string>? values) =>
        {
            value = null;
            values = ((Dictionary<string, string[]>)carrier!).TryGetValue(name, out var found) ? found : null;
        }, out var traceParent, out var traceState);
        return (traceParent, traceState);
    }

    public static Dictionary<string, string> InjectTextMap(PropagationCodec codec, PropagationContext context)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        new K8sTextMapPropagator(codec).Inject(context, headers, static (carrier, name, value) => carrier.Add(name, value));
        return headers;
    }

    public static Dictionary<string, string> InjectDistributed(PropagationCodec codec, Activity activity)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        new K8sDistributedContextPropagator(codec).Inject(activity, headers, static (carrier, name, value) => ((Dictionary<string, string>)carrier!).Add(name, value!));
        return headers;
    }
}
