using System.Globalization;
using System.Xml.Linq;

namespace Tracing.Sdk.PackageTests.Consumer;

/// <summary>
/// Packs the three packages once, with a version no earlier run used (so the global package cache can never serve a
/// stale build), into a local folder feed, next to a nuget.config a stranger would write: that feed first, then the
/// repository's own nuget.org source. The apps are created beside it, outside the repository, so none of its
/// Directory.Build.props or Directory.Packages.props applies. The pack builds there too, leaving the work tree's
/// bin/ and obj/ folders to the builds and tests that use them.
/// </summary>
public sealed class PackedFeedFixture : IAsyncLifetime
{
    private static readonly string[] PackageIds = ["Tracing.Sdk", "Tracing.Sdk.AspNetCore", "Tracing.Sdk.Aws"];

    public string Root { get; private set; } = string.Empty;

    public string Feed => Path.Combine(Root, "feed");

    /// <summary>The version of the packed packages, such as <c>0.1.0-ci.20250102030405678</c>.</summary>
    public string Version { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        Root = Path.Combine(Path.GetTempPath(), "tracing-sdk-consumers-" + stamp);
        Directory.CreateDirectory(Feed);

        await ChildProcess.RunAsync(
            "bash",
            [Path.Combine(RepositoryPaths.Scripts, "pack.sh"), Feed, "ci." + stamp],
            RepositoryPaths.Root,
            TimeSpan.FromMinutes(4),
            new Dictionary<string, string> { ["PACK_WORK_DIR"] = Path.Combine(Root, "build") });

        const string prefix = InstallSteps.WebPackage + ".";
        var package = Directory.GetFiles(Feed, prefix + "*.nupkg").Single();
        Version = Path.GetFileNameWithoutExtension(package)[prefix.Length..];
        WriteNuGetConfig();
    }

    /// <summary>Creates an app from a template, as <c>dotnet new &lt;template&gt; -n &lt;name&gt;</c>; returns its folder.</summary>
    public async Task<string> NewAppAsync(string template, string name)
    {
        var directory = Path.Combine(Root, name);
        await ChildProcess.RunAsync(ChildProcess.Dotnet, ["new", template, "--name", name, "--output", directory], Root, TimeSpan.FromMinutes(2));
        return directory;
    }

    /// <summary>
    /// <c>dotnet add package &lt;id&gt;</c>, as the README's install section says; the version is named only because a test build
    /// is a prerelease, which the command would not pick on its own.
    /// </summary>
    public Task AddPackageAsync(string appDirectory, string packageId)
    {
        var command = InstallSteps.AddPackage(packageId).Split(' ').Skip(1).Append("--version").Append(Version);
        return ChildProcess.RunAsync(ChildProcess.Dotnet, command, appDirectory, TimeSpan.FromMinutes(3));
    }

    public Task DisposeAsync()
    {
        TryDelete(Root);
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in PackageIds)
        {
            var versions = Path.Combine(cache, id.ToLowerInvariant());
            TryDelete(Path.Combine(versions, Version.ToLowerInvariant()));
            if (Directory.Exists(versions) && !Directory.EnumerateFileSystemEntries(versions).Any())
            {
                TryDelete(versions);
            }
        }

        return Task.CompletedTask;
    }

    private void WriteNuGetConfig()
    {
        var repositoryConfig = XDocument.Load(Path.Combine(RepositoryPaths.Root, "nuget.config"));
        var repositorySources = repositoryConfig.Root!.Element("packageSources")!.Elements("add");
        var config = new XDocument(
            new XElement(
                "configuration",
                new XElement(
                    "packageSources",
                    new XElement("clear"),
                    new XElement("add", new XAttribute("key", "local-feed"), new XAttribute("value", Feed)),
                    repositorySources)));
        config.Save(Path.Combine(Root, "nuget.config"));
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (directory.Length > 0 && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a passed test for.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
