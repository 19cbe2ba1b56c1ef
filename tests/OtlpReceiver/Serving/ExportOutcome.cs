namespace Tracing.Sdk.Testing.Serving;

/// <summary>How one export request is to be answered, whatever the protocol.</summary>
/// <param name="Mode">The receiver mode in effect when the request arrived.</param>
/// <param name="RetryAfter">The retry delay to advertise with a refusal, if any.</param>
/// <param name="Malformed">Whether the body could not be decoded.</param>
internal readonly record struct ExportOutcome(OtlpReceiverMode Mode, TimeSpan? RetryAfter, bool Malformed);
