using System.Globalization;

namespace Tracing.Sdk.Testing.Standalone;

/// <summary>Writes what the standalone receiver gets to the console: one line per batch, or one per span.</summary>
internal sealed class BatchPrinter(TextWriter output, bool printSpans)
{
    public void Print(ReceivedRequest request)
    {
        if (!printSpans)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{request.ReceivedAt:HH:mm:ss.fff} {request.Protocol} spans={request.Spans.Count} bytes={request.BodyBytes} compressed={request.Compressed} accepted={request.Accepted}"));
            return;
        }

        foreach (var span in request.Spans)
        {
            output.WriteLine(span.ToString());
        }
    }
}
