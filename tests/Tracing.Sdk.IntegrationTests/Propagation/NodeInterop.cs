using System.Diagnostics;
using System.Text.Json;

namespace Tracing.Sdk.IntegrationTests.Propagation;

/// <summary>
/// Runs the scripts in <c>tests/interop</c> with node, installing the pinned OpenTelemetry JS packages
/// (<c>npm ci</c>, from the committed lock file) the first time, so a fresh clone works.
/// </summary>
internal static class NodeInterop
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string Directory { get; } = FindInteropDirectory();

    public static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(Directory, "node_modules", "@opentelemetry", "propagator-b3", "package.json")))
            {
                var (exit, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], stdin: null);
                Assert.True(exit == 0, $"npm ci failed in {Directory}: {output}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    public static async Task<JsonElement> NodeAsync(string script, string? stdin, params string[] args)
    {
        var (exit, output) = await RunAsync("node", [script, .. args], stdin);
        Assert.True(exit == 0, $"node {script} failed: {output}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static async Task<(int Exit, string Output)> RunAsync(string fileName, string[] args, string? stdin)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, process.ExitCode == 0 ? await output : await output + await error);
    }

    private static string FindInteropDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "interop");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/interop not found above " + AppContext.BaseDirectory);
    }
}
