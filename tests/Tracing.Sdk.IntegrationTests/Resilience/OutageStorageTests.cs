using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Tracing.Sdk.Hosting;
using Tracing.Sdk.IntegrationTests.Foundation;
using Tracing.Sdk.Testing;
using Xunit.Abstractions;

namespace Tracing.Sdk.IntegrationTests.Resilience;

/// <summary>
/// The outage promise over the wire: the test receiver is stopped and restarted on the same port under a steady load,
/// as a collector that is rolled out, OOM-killed or drained off its node.
/// </summary>
public partial class OutageStorageTests(ITestOutputHelper output)
{
    private const int RequestsPerSecond = 200;
    private const string StorageDirectoryKey = TracedApp.StorageDirectoryKey;
    private static readonly HttpClient Client = new();

    [Theory]
    [InlineData(20)]
    [InlineData(120)]
    public async Task SteadyLoad_CollectorOutage_OutageSpansArriveAfterItAndNewSpansAtOnce(int outageSeconds)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var configuration = TracedApp.ExportTo(receiver);
        configuration["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
        var logs = new LogCapture();
        await using var app = await TracedApp.StartAsync(configuration, logs);
        await using var load = new OutageLoad(app, receiver, RequestsPerSecond);

        await Task.Delay(TimeSpan.FromSeconds(3));
        load.Phase = "during";
        await receiver.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(outageSeconds));
        await receiver.RestartAsync();
        var recovered = load.Now;
        load.Phase = "after";
        await Task.Delay(TimeSpan.FromSeconds(8));
        await load.StopAsync();

        var during = load.Made("during");
        var after = load.Made("after").Where(m => m.Made >= recovered + TimeSpan.FromSeconds(1)).ToList();
        await load.WaitForAsync(() => load.ArrivedCount("during") >= during.Count && after.All(a => load.Arrived(a.Path) is not null), TimeSpan.FromSeconds(90));

        Assert.Equal(0, load.FailedRequests);
        Assert.True(during.Count > 2048, $"{during.Count} requests during the outage: more than the queue holds");
        var arrived = during.Count(d => load.Arrived(d.Path) is not null);
        Assert.True(arrived >= during.Count * 0.99, $"{arrived} of {during.Count} spans made during a {outageSeconds} s outage arrived");
        var late = after.Where(a => load.Arrived(a.Path) is not { } at || at - a.Made > TimeSpan.FromSeconds(5)).ToList();
        var lastOfOutage = during.Select(d => load.Arrived(d.Path)).Max() - recovered;
        var slowestNew = after.Select(a => load.Arrived(a.Path) - a.Made).Max();
        output.WriteLine(
            $"outage {outageSeconds} s at {RequestsPerSecond} req/s: {arrived}/{during.Count} spans of the outage arrived, the last {lastOfOutage?.TotalSeconds:F1} s after recovery; " +
            $"{after.Count} requests from 1 s after recovery, slowest span {slowestNew?.TotalSeconds:F2} s; failed requests {load.FailedRequests}");
        Assert.True(late.Count == 0, $"{late.Count} of {after.Count} spans made after the collector was back arrived late or never, first {late.FirstOrDefault().Path}");

        var messages = logs.Messages("Tracing.Sdk");
        Assert.Contains(messages, m => m.Contains("spans are kept in disk:", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("spans stored", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("delivered the spans kept through the outage", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("disk")]
    [InlineData("in_memory")]
    public async Task StorageBoundSmallerThanTheOutage_OldestAreDroppedAndCountedAndStorageStaysBounded(string storage)
    {
        // Larger than one export (up to 512 spans), smaller than the outage's 2000 spans.
        const long Bound = 256 * 1024;
        await using var receiver = await OtlpReceiver.StartAsync();
        var configuration = TracedApp.ExportTo(receiver);
        configuration["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = storage;
        configuration["K8sTracing:OutageStorageMaxBytes"] = "256Ki";
        var logs = new LogCapture();
        await using var app = await TracedApp.StartAsync(configuration, logs);
        var store = app.App.Services.GetRequiredService<TracingPipeline>().Storage!;
        await using var load = new OutageLoad(app, receiver, RequestsPerSecond);

        await Task.Delay(TimeSpan.FromSeconds(1));
        load.Phase = "during";
        await receiver.StopAsync();
        long mostBytes = 0, mostOnDisk = 0;
        for (var i = 0; i < 50; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            mostBytes = Math.Max(mostBytes, store.Bytes);
            if (storage == "disk")
            {
                mostOnDisk = Math.Max(mostOnDisk, BytesOnDisk(store.Location));
            }
        }

        var outageEnded = load.Now;
        await receiver.RestartAsync();
        load.Phase = "after";
        await Task.Delay(TimeSpan.FromSeconds(2));
        await load.StopAsync();

        var delivered = await WaitForMessageAsync(logs, "delivered the spans kept through the outage", TimeSpan.FromSeconds(30));
        var dropped = long.Parse(DroppedSoFar().Match(delivered).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var during = load.Made("during");
        var made = load.Made("before").Count + during.Count + load.Made("after").Count;
        int Arrived() => load.ArrivedCount("before") + load.ArrivedCount("during") + load.ArrivedCount("after");
        await load.WaitForAsync(() => Arrived() + dropped >= made, TimeSpan.FromSeconds(10));

        Assert.True(mostBytes <= Bound, $"the storage held {mostBytes} bytes, more than its bound of {Bound}");
        Assert.True(mostOnDisk <= Bound, $"the storage directory held {mostOnDisk} bytes, more than its bound of {Bound}");
        Assert.True(dropped > 0, delivered);
        // Every span that did not arrive is counted as dropped. A few counted may have arrived all the same: the export
        // the collector took while it was stopping, whose answer never came back (at most one batch, 512 spans).
        Assert.InRange(dropped - (made - Arrived()), 0, 512);
        Assert.Contains(logs.Messages("Tracing.Sdk"), m => m.Contains("stored spans", StringComparison.Ordinal) && m.Contains("beyond the storage bound", StringComparison.Ordinal));

        // The oldest were dropped: every span of the outage's last second arrived, and what is missing came before.
        var missing = during.Where(d => load.Arrived(d.Path) is null).ToList();
        Assert.All(during.Where(d => d.Made >= outageEnded - TimeSpan.FromSeconds(1)), d => Assert.NotNull(load.Arrived(d.Path)));
        Assert.True(missing.Max(m => m.Made) < during.Where(d => load.Arrived(d.Path) is not null).Max(d => d.Made));
    }

    [Fact]
    public async Task Sigterm_DuringOutage_NextStartOnTheSameDirectoryDeliversTheStoredSpans()
    {
        const int Requests = 30;
        var directory = Directory.CreateTempSubdirectory("tracing-sdk-restart-").FullName;
        try
        {
            await using var receiver = await OtlpReceiver.StartAsync();
            var endpoint = receiver.GrpcEndpoint.ToString();
            await receiver.StopAsync();
            var environment = new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
                ["OTEL_SERVICE_NAME"] = "restarted-app",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
                [StorageDirectoryKey] = directory,
            };

            using (var first = await AppProcess.StartAsync(environment))
            {
                for (var i = 0; i < Requests; i++)
                {
                    (await Client.GetAsync(new Uri(first.BaseAddress, $"/work/{i}"))).EnsureSuccessStatusCode();
                }

                first.SendSigterm();
                var exitCode = await first.WaitForExitAsync(TimeSpan.FromSeconds(25));
                Assert.True(exitCode == 0, $"exit code {exitCode?.ToString() ?? "none (still running)"}\n{first.Output}");
                Assert.Contains($"stops with {Requests} spans waiting in disk:", first.Output, StringComparison.Ordinal);
            }

            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(directory, "restarted-app", "0"), "*.otlp"));
            Assert.Empty(receiver.Spans);
            await receiver.RestartAsync();

            using var second = await AppProcess.StartAsync(environment);
            await receiver.WaitForSpansAsync(s => Work(s).Count >= Requests, TimeSpan.FromSeconds(20));

            Assert.Equal(Enumerable.Range(0, Requests).Select(i => $"/work/{i}").Order(StringComparer.Ordinal), Work(receiver.Spans).Order(StringComparer.Ordinal));
            Assert.Contains($"waiting={Requests}", second.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task ReadOnlyDirectory_KeepsSpansInMemoryWithOneWarning()
    {
        var readOnly = Directory.CreateTempSubdirectory("tracing-sdk-readonly-").FullName;
        File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        var directory = CanWrite(readOnly) ? "/proc/tracing-sdk-test" : readOnly; // root ignores file modes; nothing is created under /proc
        try
        {
            await using var receiver = await OtlpReceiver.StartAsync();
            var configuration = TracedApp.ExportTo(receiver);
            configuration[StorageDirectoryKey] = directory;
            var logs = new LogCapture();
            await using var app = await TracedApp.StartAsync(configuration, logs);

            var warning = Assert.Single(logs.Messages("Tracing.Sdk"), m => m.Contains("kept in memory instead", StringComparison.Ordinal));
            Assert.Contains(directory, warning, StringComparison.Ordinal);
            Assert.Contains("storage=memory:", app.App.Services.GetRequiredService<TracingPipeline>().Report.ToString(), StringComparison.Ordinal);

            await receiver.StopAsync();
            for (var i = 0; i < 20; i++)
            {
                (await app.GetAsync($"/{app.Marker}/tasks/{i}")).EnsureSuccessStatusCode();
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
            await receiver.RestartAsync();
            await receiver.WaitForSpansAsync(s => s.Count(x => (x.Attributes.GetValueOrDefault("url.path") as string)?.StartsWith($"/{app.Marker}/tasks/", StringComparison.Ordinal) == true) >= 20, TimeSpan.FromSeconds(15));
        }
        finally
        {
            File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.Delete(readOnly, recursive: true);
        }
    }

    private static List<string> Work(IReadOnlyList<ReceivedSpan> spans) =>
        [.. spans.Where(s => s.Kind == ReceivedSpanKind.Server).Select(s => s.Attributes.GetValueOrDefault("url.path") as string)
            .OfType<string>().Where(p => p.StartsWith("/work/", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)];

    private static bool CanWrite(string directory)
    {
        try
        {
            File.WriteAllText(Path.Combine(directory, "probe"), "x");
            File.Delete(Path.Combine(directory, "probe"));
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static async Task<string> WaitForMessageAsync(LogCapture logs, string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (logs.Messages("Tracing.Sdk").FirstOrDefault(m => m.Contains(text, StringComparison.Ordinal)) is { } message)
            {
                return message;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"no log line with '{text}':\n{string.Join('\n', logs.Messages("Tracing.Sdk"))}");
    }

    [GeneratedRegex(@"(\d+) dropped so far")]
    private static partial Regex DroppedSoFar();

    /// <summary>What the storage files hold now; a file the store evicts between the listing and its size counts 0.</summary>
    private static long BytesOnDisk(string directory)
    {
        long bytes = 0;
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*.otlp*"))
        {
            try
            {
                bytes += file.Length;
            }
            catch (FileNotFoundException)
            {
            }
        }

        return bytes;
    }
}
