using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;

namespace Tracing.Sdk.Testing.Decoding;

/// <summary>Turns OTLP key/value lists into plain .NET values a test can compare.</summary>
internal static class AttributeConverter
{
    public static IReadOnlyDictionary<string, object?> ToDictionary(RepeatedField<KeyValue> attributes)
    {
        var result = new Dictionary<string, object?>(attributes.Count, StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            result[attribute.Key] = ToValue(attribute.Value);
        }

        return result;
    }

    public static object? ToValue(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue,
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue,
        AnyValue.ValueOneofCase.BytesValue => value.BytesValue.ToByteArray(),
        AnyValue.ValueOneofCase.ArrayValue => value.ArrayValue.Values.Select(ToValue).ToArray(),
        AnyValue.ValueOneofCase.KvlistValue => ToDictionary(value.KvlistValue.Values),
        _ => null,
    };
}
