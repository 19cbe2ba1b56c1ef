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

    /// <summary>The README, whose install section is what the consumer tests do.</summary>
    private static string InstallDocument() => Path.Combine(RepositoryPaths.Root, "README.md");
}
