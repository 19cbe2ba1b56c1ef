using Tracing.Sdk.PackageTests.Consumer;

namespace Tracing.Sdk.PackageTests;

/// <summary>The install section says exactly what the consumer tests do.</summary>
public sealed class InstallDocTests
{
    public static TheoryData<string, string> Steps => new()
    {
        { InstallSteps.WebPackage, InstallSteps.WebBuilderLine },
        { InstallSteps.WorkerPackage, InstallSteps.WorkerBuilderLine },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public void InstallSection_ForEachKindOfApp_ShowsTheCommandAndTheOneLineTheTestsUse(string packageId, string builderLine)
    {
        var document = File.ReadAllText(InstallDocument()).ReplaceLineEndings("\n");

        Assert.Contains("```sh\n" + InstallSteps.AddPackage(packageId) + "\n```", document, StringComparison.Ordinal);
        Assert.Contains("```csharp\n" + builderLine + "\n" + InstallSteps.OneLine + "\n```", document, StringComparison.Ordinal);
    }

    /// <summary>The README once its install section is merged in; docs/install.md until then.</summary>
    private static string InstallDocument()
    {
        var readme = Path.Combine(RepositoryPaths.Root, "README.md");
        if (File.Exists(readme) && File.ReadAllText(readme).Contains(InstallSteps.AddPackage(InstallSteps.WebPackage), StringComparison.Ordinal))
        {
            return readme;
        }

        return Path.Combine(RepositoryPaths.Root, "docs", "install.md");
    }
}
