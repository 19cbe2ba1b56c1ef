using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Tracing.Sdk.IntegrationTests.Resilience;

/// <summary>
/// The SigtermApp run as a real process on 127.0.0.1, configured only through environment variables,
/// so a test can send it a real SIGTERM the way the kubelet does.
/// </summary>
internal sealed partial class AppProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private string? _ownStorage;

    private AppProcess(Process process)
    {
        _process = process;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public string Output => string.Join('\n', _output);

    public static async Task<AppProcess> StartAsync(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [AppPath()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal) || k.StartsWith("K8sTracing", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        string? ownStorage = null;
        if (!environment.ContainsKey(StorageDirectoryKey))
        {
            // Spans one test leaves stored must not be delivered into another test's receiver.
            ownStorage = Directory.CreateTempSubdirectory("tracing-sdk-test-").FullName;
            start.Environment[StorageDirectoryKey] = ownStorage;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var app = new AppProcess(Process.Start(start)!) { _ownStorage = ownStorage };
        app._process.OutputDataReceived += (_, e) => app.OnLine(e.Data);
        app._process.ErrorDataReceived += (_, e) => app.OnLine(e.Data);
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();

        var listening = await Task.WhenAny(app._listening.Task, Task.Delay(TimeSpan.FromSeconds(60)));
        if (listening != app._listening.Task)
        {
            app.Dispose();
            throw new TimeoutException("The app did not start listening:\n" + app.Output);
        }

        app.BaseAddress = await app._listening.Task;
        return app;
    }

    public void SendSigterm()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits for the process to exit by itself; null when it has not within <paramref name="bound"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan bound)
    {
        using var cancellation = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        if (_ownStorage is not null)
        {
            try
            {
                Directory.Delete(_ownStorage, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private const string StorageDirectoryKey = "OTEL_DOTNET_EXPERIMENTAL_OTLP_DISK_RETRY_DIRECTORY_PATH";

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        var match = ListeningPattern().Match(line);
        if (match.Success)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    private static string AppPath()
    {
        // tests/Tracing.Sdk.IntegrationTests/bin/<configuration>/net10.0/ -> tests/SigtermApp/bin/<configuration>/net10.0/
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var tests = here.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(tests, "SigtermApp", "bin", configuration, framework, "SigtermApp.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build tests/SigtermApp first.", path);
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningPattern();
}
