using System.Globalization;
using System.Runtime.InteropServices;
using Tracing.Sdk.Testing.Standalone;

namespace Tracing.Sdk.Testing;

/// <summary>
/// The standalone receiver for the load harness and manual runs:
/// <c>dotnet run --project tests/OtlpReceiver -- --grpc-port 4317 --http-port 4318 [--print]</c>.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (StandaloneArguments.TryParse(args) is not { } arguments)
        {
            await Console.Error.WriteLineAsync(StandaloneArguments.Usage);
            return 2;
        }

        using var stopping = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

        var printer = new BatchPrinter(Console.Out, arguments.PrintSpans);
        await using var receiver = await OtlpReceiver.StartAsync(new OtlpReceiverOptions
        {
            GrpcPort = arguments.GrpcPort,
            HttpPort = arguments.HttpPort,
            RetainData = false,
            ServeAdminEndpoints = true,
            OnRequest = arguments.Quiet ? null : printer.Print,
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"listening grpc={receiver.GrpcEndpoint.GetLeftPart(UriPartial.Authority)} http={receiver.HttpEndpoint.GetLeftPart(UriPartial.Authority)}"));

        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await receiver.StopAsync();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"stopped spans={receiver.AcceptedSpanCount} requests={receiver.ExportAttempts} bytes={receiver.ReceivedBytes}"));
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }
}
