namespace Tracing.Sdk.IntegrationTests.Sample;

/// <summary>The repository's root folder: the first folder above the test binaries that holds <c>Tracing.Sdk.sln</c>.</summary>
internal static class RepositoryRoot
{
    public static string Find()
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
