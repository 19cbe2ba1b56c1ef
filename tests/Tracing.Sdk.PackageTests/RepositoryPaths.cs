namespace Tracing.Sdk.PackageTests;

internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Scripts => Path.Combine(Root, "scripts");

    public static string PackageSource(string packageId) => Path.Combine(Root, "src", packageId);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Tracing.Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Tracing.Sdk.sln above {AppContext.BaseDirectory}.");
    }
}
