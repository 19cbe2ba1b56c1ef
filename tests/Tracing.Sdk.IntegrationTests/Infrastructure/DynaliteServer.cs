using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Tracing.Sdk.IntegrationTests.Infrastructure;

/// <summary>
/// A real dynalite (DynamoDB-compatible) server on a free loopback port, installed with npm into the repository's
/// git-ignored <c>.tools/</c> folder on first use (through <c>scripts/ensure-dynalite.sh</c>), so that a plain
/// <c>dotnet test</c> works on a fresh clone with only the .NET SDK and Node.js. Disposing stops the process.
/// </summary>
public sealed class DynaliteServer : IAsyncDisposable
{
    public const string Region = "us-east-1";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;

    private DynaliteServer(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    /// <summary>The server's address, for example <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Endpoint { get; }

    public int Port => Endpoint.Port;

    /// <summary>Starts a new server; the installation happens once per clone.</summary>
    public static async Task<DynaliteServer> StartAsync()
    {
        var cli = await DynaliteInstallation.EnsureAsync();
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreeLoopbackPort();
            try
            {
                return await StartOnPortAsync(cli, port);
            }
            catch (InvalidOperationException e)
            {
                // Another process can take the port between probing and binding; try another one.
                last = e;
            }
        }

        throw new InvalidOperationException("dynalite did not start.", last);
    }

    /// <summary>A real AWS SDK client for this server, with dummy credentials.</summary>
    public AmazonDynamoDBClient CreateClient(Action<AmazonDynamoDBConfig>? configure = null)
    {
        var config = new AmazonDynamoDBConfig
        {
            ServiceURL = Endpoint.ToString(),
            AuthenticationRegion = Region,
            MaxErrorRetry = 0,
        };
        configure?.Invoke(config);
        return new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), config);
    }

    /// <summary>The environment a process needs to reach this server through the AWS SDK's standard configuration.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables() => new Dictionary<string, string>
    {
        ["AWS_ENDPOINT_URL_DYNAMODB"] = Endpoint.ToString().TrimEnd('/'),
        ["AWS_REGION"] = Region,
        ["AWS_ACCESS_KEY_ID"] = "test",
        ["AWS_SECRET_ACCESS_KEY"] = "test",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    internal static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<DynaliteServer> StartOnPortAsync(string cli, int port)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            cli, "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening", StringComparison.OrdinalIgnoreCase) == true)
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(
            new InvalidOperationException($"dynalite exited on port {port}: {errors}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await listening.Task.WaitAsync(StartTimeout);
        }
        catch
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
            throw;
        }

        return new DynaliteServer(process, new Uri($"http://127.0.0.1:{port}/"));
    }
}
