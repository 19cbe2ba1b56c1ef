using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Tracing.Sdk.PackageTests.Consumer;

/// <summary>A process the consumer tests start: the dotnet CLI, or the app a user built.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    // The test host's own MSBuild, test platform and tracing settings must not leak into a stranger's app.
    private static readonly string[] ScrubbedPrefixes = ["MSBUILD", "VSTEST", "TESTINGPLATFORM", "OTEL_", "ASPNETCORE_", "DOTNET_ENVIRONMENT", "K8STRACING"];

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static ChildProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var key in startInfo.Environment.Keys.ToList())
        {
            if (ScrubbedPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                startInfo.Environment.Remove(key);
            }
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a command to its end; throws with everything it printed if it fails or takes too long.</summary>
    public static async Task<string> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var argumentList = arguments.ToList();
        await using var child = Start(fileName, argumentList, workingDirectory, environment);
        var command = fileName + " " + string.Join(' ', argumentList);
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await child._process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"'{command}' took longer than {timeout}:\n{child.Output}");
        }

        // WaitForExitAsync returns after the redirected streams reached their end.
        if (child._process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"'{command}' exited with {child._process.ExitCode}:\n{child.Output}"));
        }

        return child.Output;
    }

    /// <summary>Waits for a line of output that matches, and returns it.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var line = Output.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(match);
            if (line is not null)
            {
                return line;
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No matching line (exited: {_process.HasExited}) in:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Stops the app the way Kubernetes does (SIGTERM) and returns its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        await RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)], Environment.CurrentDirectory, timeout);
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The app did not stop within {timeout} of SIGTERM:\n{Output}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.Append(line).Append('\n');
        }
    }
}
