using System.Diagnostics;
using Tracing.Sdk.IntegrationTests.Sample;

namespace Tracing.Sdk.IntegrationTests.Infrastructure;

/// <summary>
/// Makes sure dynalite is installed in <c>.tools/dynalite</c>, once per clone, by running <c>scripts/ensure-dynalite.sh</c>
/// (the one place its version is pinned). A file lock keeps test assemblies that run in parallel from installing at once.
/// </summary>
internal static class DynaliteInstallation
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _cli;

    /// <summary>Returns the path of dynalite's cli.js, installing it first if needed.</summary>
    public static async Task<string> EnsureAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_cli is not null)
            {
                return _cli;
            }

            var root = RepositoryRoot.Find();
            var tools = Path.Combine(root, ".tools");
            Directory.CreateDirectory(tools);
            using (await AcquireFileLockAsync(Path.Combine(tools, "dynalite.lock")))
            {
                await RunScriptAsync(root);
            }

            var cli = Path.Combine(tools, "dynalite", "node_modules", "dynalite", "cli.js");
            if (!File.Exists(cli))
            {
                throw new InvalidOperationException($"dynalite is not at {cli} after scripts/ensure-dynalite.sh ran.");
            }

            _cli = cli;
            return cli;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task RunScriptAsync(string root)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(root, "scripts", "ensure-dynalite.sh"));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"scripts/ensure-dynalite.sh failed ({process.ExitCode}); dynalite needs Node.js and npm.\n{await output}\n{await error}");
        }
    }

    private static async Task<FileStream> AcquireFileLockAsync(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
