using System.Text.Json;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.PackageTests.Consumer;

/// <summary>
/// A stranger's first hour: a new app from the dotnet templates, our package from a folder feed (no project
/// reference), the one line, a build, a run on 127.0.0.1, and the span at an OTLP receiver.
/// </summary>
[Collection(ConsumerAppsDefinition.Name)]
public sealed class ConsumerAppTests(PackedFeedFixture feed)
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WebApp_AspNetCorePackageFromFeed_ExportsServerSpanNamedAfterApp()
    {
        const string name = "ConsumerWebApp";
        var app = await feed.NewAppAsync("web", name);
        await feed.AddPackageAsync(app, InstallSteps.WebPackage);
        InstallSteps.AddOneLine(Path.Combine(app, "Program.cs"), InstallSteps.WebBuilderLine);
        await ChildProcess.RunAsync(ChildProcess.Dotnet, ["build"], app, BuildTimeout);

        await using var receiver = await OtlpReceiver.StartAsync();
        await using var running = Run(app, name, receiver, ("ASPNETCORE_URLS", "http://127.0.0.1:0"));
        var listening = await running.WaitForLineAsync(line => line.Contains("Now listening on: http://", StringComparison.Ordinal), RunTimeout);
        var address = new Uri(listening[listening.IndexOf("http://", StringComparison.Ordinal)..].Trim());

        using var http = new HttpClient();
        Assert.Equal("Hello World!", await http.GetStringAsync(new Uri(address, "/")));

        var spans = await receiver.WaitForSpansAsync(all => all.Any(IsRootRequest), RunTimeout);
        var span = spans.First(IsRootRequest);
        Assert.Equal(name, span.ResourceAttributes["service.name"]);
        Assert.Equal(feed.Version, span.ResourceAttributes["telemetry.distro.version"]);
        Assert.Equal(0, await running.StopAsync(RunTimeout));
    }

    [Fact]
    public async Task WorkerService_CorePackageAlone_ExportsAppSpanWithoutAspNetCore()
    {
        const string name = "ConsumerWorker";
        var app = await feed.NewAppAsync("worker", name);
        await feed.AddPackageAsync(app, InstallSteps.WorkerPackage);
        InstallSteps.AddOneLine(Path.Combine(app, "Program.cs"), InstallSteps.WorkerBuilderLine);
        await File.WriteAllTextAsync(Path.Combine(app, "Worker.cs"), WorkerWithActivitySource(name));
        await ChildProcess.RunAsync(ChildProcess.Dotnet, ["build"], app, BuildTimeout);

        AssertNoAspNetCore(app, name);

        await using var receiver = await OtlpReceiver.StartAsync();
        await using var running = Run(app, name, receiver);
        var spans = await receiver.WaitForSpansAsync(all => all.Any(s => s.ScopeName == name), RunTimeout);
        var span = spans.First(s => s.ScopeName == name);
        Assert.Equal("work item", span.Name);
        Assert.Equal(name, span.ResourceAttributes["service.name"]);
        Assert.Equal(feed.Version, span.ResourceAttributes["telemetry.distro.version"]);
        Assert.Equal(0, await running.StopAsync(RunTimeout));
    }

    private static bool IsRootRequest(ReceivedSpan span) =>
        span.Kind == ReceivedSpanKind.Server && span.Name == "GET /";

    private static ChildProcess Run(string app, string name, OtlpReceiver receiver, params (string Key, string Value)[] more)
    {
        var assembly = Directory.GetFiles(Path.Combine(app, "bin"), name + ".dll", SearchOption.AllDirectories).Single();
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.GrpcEndpoint.ToString(),
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        };
        foreach (var (key, value) in more)
        {
            environment[key] = value;
        }

        return ChildProcess.Start(ChildProcess.Dotnet, [assembly], app, environment);
    }

    /// <summary>Neither the resolved package graph nor the app's runtime frameworks hold ASP.NET Core.</summary>
    private static void AssertNoAspNetCore(string app, string name)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(app, "obj", "project.assets.json")));
        var libraries = assets.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name).ToList();
        Assert.Contains(libraries, l => l.StartsWith(InstallSteps.WorkerPackage + "/", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, l => l.StartsWith("Microsoft.AspNetCore.", StringComparison.OrdinalIgnoreCase));

        var frameworkReferences = new List<string>();
        foreach (var framework in assets.RootElement.GetProperty("project").GetProperty("frameworks").EnumerateObject())
        {
            if (framework.Value.TryGetProperty("frameworkReferences", out var references))
            {
                frameworkReferences.AddRange(references.EnumerateObject().Select(r => r.Name));
            }
        }

        foreach (var target in assets.RootElement.GetProperty("targets").EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                if (library.Value.TryGetProperty("frameworkReferences", out var references))
                {
                    frameworkReferences.AddRange(references.EnumerateArray().Select(r => r.GetString()!));
                }
            }
        }

        Assert.DoesNotContain(frameworkReferences, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.OrdinalIgnoreCase));

        var runtimeConfig = Directory.GetFiles(Path.Combine(app, "bin"), name + ".runtimeconfig.json", SearchOption.AllDirectories).Single();
        Assert.DoesNotContain("Microsoft.AspNetCore", File.ReadAllText(runtimeConfig), StringComparison.Ordinal);
    }

    /// <summary>The template's worker, with its loop wrapped in a span from an ActivitySource named after the app.</summary>
    private static string WorkerWithActivitySource(string name) => $$"""
        using System.Diagnostics;

        namespace {{name}};

        public class Worker(ILogger<Worker> logger) : BackgroundService
        {
            private static readonly ActivitySource Source = new("{{name}}");

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    using (Source.StartActivity("work item"))
                    {
                        logger.LogInformation("Worker running at: {time}", DateTimeOffset.Now);
                    }

                    await Task.Delay(200, stoppingToken);
                }
            }
        }
        """;
}
