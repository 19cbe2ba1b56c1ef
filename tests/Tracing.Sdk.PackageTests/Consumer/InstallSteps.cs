namespace Tracing.Sdk.PackageTests.Consumer;

/// <summary>
/// What the README's install section tells a user to do; the consumer tests do exactly this, and <see cref="InstallDocTests"/>
/// keeps the document saying it.
/// </summary>
internal static class InstallSteps
{
    public const string WebPackage = "Tracing.Sdk.AspNetCore";
    public const string WorkerPackage = "Tracing.Sdk";
    public const string WebBuilderLine = "var builder = WebApplication.CreateBuilder(args);";
    public const string WorkerBuilderLine = "var builder = Host.CreateApplicationBuilder(args);";
    public const string OneLine = "builder.AddK8sTracing();";

    public static string AddPackage(string packageId) => "dotnet add package " + packageId;

    /// <summary>Adds <see cref="OneLine"/> right after the template's builder line, as a user would.</summary>
    public static void AddOneLine(string programFile, string builderLine)
    {
        var program = File.ReadAllText(programFile);
        var at = program.IndexOf(builderLine, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException($"The template's Program.cs no longer has '{builderLine}':\n{program}");
        }

        var newLine = program.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var end = at + builderLine.Length;
        File.WriteAllText(programFile, program[..end] + newLine + OneLine + program[end..]);
    }
}
