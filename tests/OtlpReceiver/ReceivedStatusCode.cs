namespace Tracing.Sdk.Testing;

/// <summary>The status of a received span; the values are the OTLP <c>Status.StatusCode</c> numbers.</summary>
public enum ReceivedStatusCode
{
    /// <summary><c>STATUS_CODE_UNSET</c>: the default.</summary>
    Unset = 0,

    /// <summary><c>STATUS_CODE_OK</c>.</summary>
    Ok = 1,

    /// <summary><c>STATUS_CODE_ERROR</c>.</summary>
    Error = 2,
}
