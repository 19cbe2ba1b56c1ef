using System.Globalization;

namespace Tracing.Sdk.Testing.Standalone;

/// <summary>The command line of the standalone receiver.</summary>
internal sealed record StandaloneArguments
{
    public const string Usage =
        "Usage: OtlpReceiver [--grpc-port 4317] [--http-port 4318] [--print | --quiet]\n" +
        "  --grpc-port  port of the OTLP/gRPC endpoint (default 4317, 0 for a free port)\n" +
        "  --http-port  port of the OTLP/HTTP endpoint, also serving GET /stats and POST /behavior (default 4318)\n" +
        "  --print      print each span as 'traceId spanId parent name kind' instead of one line per batch\n" +
        "  --quiet      print nothing per batch (load runs)";

    public int GrpcPort { get; init; } = 4317;

    public int HttpPort { get; init; } = 4318;

    public bool PrintSpans { get; init; }

    public bool Quiet { get; init; }

    public static StandaloneArguments? TryParse(IReadOnlyList<string> args)
    {
        var parsed = new StandaloneArguments();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--grpc-port" when TryReadPort(args, ++i, out var port):
                    parsed = parsed with { GrpcPort = port };
                    break;
                case "--http-port" when TryReadPort(args, ++i, out var port):
                    parsed = parsed with { HttpPort = port };
                    break;
                case "--print":
                    parsed = parsed with { PrintSpans = true };
                    break;
                case "--quiet":
                    parsed = parsed with { Quiet = true };
                    break;
                default:
                    return null;
            }
        }

        return parsed.PrintSpans && parsed.Quiet ? null : parsed;
    }

    private static bool TryReadPort(IReadOnlyList<string> args, int index, out int port)
    {
        port = 0;
        return index < args.Count
            && int.TryParse(args[index], NumberStyles.None, CultureInfo.InvariantCulture, out port)
            && port <= ushort.MaxValue;
    }
}
