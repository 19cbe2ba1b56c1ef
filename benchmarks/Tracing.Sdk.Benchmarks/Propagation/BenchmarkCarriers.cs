using System.Diagnostics;

namespace Tracing.Sdk.Benchmarks.Propagation;

/// <summary>
/// Carriers and static getters/setters shared by the propagation benchmarks, so every propagator reads the same
/// headers. TextMap carriers hold arrays, as real carriers hand back values they already hold, so no getter allocates.
/// </summary>
internal static class BenchmarkCarriers
{
    public const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    public const string SpanId = "b7ad6b7169203331";
    public const string TraceParent = "00-" + TraceId + "-" + SpanId + "-01";

    public static Dictionary<string, string[]> TextMap(params (string Name, string Value)[] headers) =>
        headers.ToDictionary(h => h.Name, h => new[] { h.Value }, StringComparer.OrdinalIgnoreCase);

    public static Dictionary<string, string> Distributed(params (string Name, string Value)[] headers) =>
        headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<string>? TextMapGetter(Dictionary<string, string[]> carrier, string name) =>
        carrier.TryGetValue(name, out var value) ? value : null;

    public static void DistributedGetter(object? carrier, string name, out string? value, out IEnumerable<string>? values)
    {
        values = null;
        value = ((Dictionary<string, string>)carrier!).TryGetValue(name, out var found) ? found : null;
    }

    public static void DistributedSetter(object? carrier, string name, string? value) => ((Dictionary<string, string>)carrier!)[name] = value!;

    public static void TextMapSetter(Dictionary<string, string> carrier, string name, string value) => carrier[name] = value;

    /// <summary>A started client activity under a remote sampled parent, its id already formatted (as after HttpClient starts it).</summary>
    public static Activity StartActivity(ActivityTraceFlags parentFlags = ActivityTraceFlags.Recorded)
    {
        var activity = new Activity("client").SetIdFormat(ActivityIdFormat.W3C)
            .SetParentId(ActivityTraceId.CreateFromString(TraceId), ActivitySpanId.CreateFromString(SpanId), parentFlags);
        activity.Start();
        Activity.Current = null;
        _ = activity.Id;
        return activity;
    }
}
