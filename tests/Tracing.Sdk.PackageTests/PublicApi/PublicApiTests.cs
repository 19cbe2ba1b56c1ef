using System.Reflection;
using System.Text;

namespace Tracing.Sdk.PackageTests.PublicApi;

/// <summary>
/// The public surface of every package is committed in <c>src/&lt;package&gt;/PublicAPI.txt</c>: a change to it is
/// deliberate and shows in review. <c>scripts/update-public-api.sh</c> rewrites the files from the built assemblies.
/// </summary>
public sealed class PublicApiTests
{
    private const string UpdateVariable = "UPDATE_PUBLIC_API";
    private const string FileName = "PublicAPI.txt";

    public static TheoryData<string> Packages => ["Tracing.Sdk", "Tracing.Sdk.AspNetCore", "Tracing.Sdk.Aws"];

    [Theory]
    [MemberData(nameof(Packages))]
    public void PublicSurface_OfPackage_MatchesCommittedFile(string packageId)
    {
        var assembly = Assembly.Load(new AssemblyName(packageId));
        var actual = PublicApiFormatter.Format(assembly);
        var path = Path.Combine(RepositoryPaths.PackageSource(packageId), FileName);

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        var committed = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : string.Empty;
        Assert.True(committed == actual, Explain(packageId, path, committed, actual));
    }

    private static string Explain(string packageId, string path, string committed, string actual)
    {
        var committedLines = committed.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var actualLines = actual.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var message = new StringBuilder()
            .Append("The public API of ").Append(packageId).Append(" differs from ").Append(path).Append(":\n");
        foreach (var removed in committedLines.Except(actualLines, StringComparer.Ordinal))
        {
            message.Append("- ").Append(removed).Append('\n');
        }

        foreach (var added in actualLines.Except(committedLines, StringComparer.Ordinal))
        {
            message.Append("+ ").Append(added).Append('\n');
        }

        return message
            .Append("If the change is deliberate, run scripts/update-public-api.sh, add a CHANGELOG.md entry and commit both.")
            .ToString();
    }
}
