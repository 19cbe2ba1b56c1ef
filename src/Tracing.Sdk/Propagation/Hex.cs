using System.Buffers;

namespace Tracing.Sdk.Propagation;

/// <summary>Lowercase hexadecimal checks and formatting shared by the trace-context formats.</summary>
internal static class Hex
{
    private static readonly SearchValues<char> LowerHexDigits = SearchValues.Create("0123456789abcdef");

    /// <summary>True when every character is <c>0-9</c> or <c>a-f</c> and at least one is not <c>0</c> (vectorized).</summary>
    public static bool IsLowerHexNotAllZeros(ReadOnlySpan<char> value) =>
        !value.IsEmpty && !value.ContainsAnyExcept(LowerHexDigits) && value.ContainsAnyExcept('0');

    public static bool IsLowerHex(char c) => (uint)(c - '0') <= 9 || (uint)(c - 'a') <= 5;

    public static int Value(char c) => c <= '9' ? c - '0' : c - 'a' + 10;

    public static byte ParseByte(char high, char low) => (byte)((Value(high) << 4) | Value(low));

    public static void WriteByte(byte value, Span<char> destination)
    {
        destination[0] = Digit(value >> 4);
        destination[1] = Digit(value & 0xF);
    }

    private static char Digit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);
}
