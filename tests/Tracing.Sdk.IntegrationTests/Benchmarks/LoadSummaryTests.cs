using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tracing.Sdk.IntegrationTests.Sample;

namespace Tracing.Sdk.IntegrationTests.Benchmarks;

/// <summary>
/// Runs the load harness's <c>benchmarks/load/summarize.sh</c> on made-up runs whose ratios are known, so a setup
/// missing from a table, or a ratio turned the wrong way round, fails here and not in a results file someone reads.
/// </summary>
public sealed class LoadSummaryTests
{
    private const string OneSpan = "one span (`GET /tasks/{id}`)";
    private const string Probe = "health probe (`GET /healthz`)";

    private static readonly string[] Modes = ["off", "floor", "bare", "contrib", "k8s"];

    private static readonly string[] RouteNames =
        [OneSpan, "three spans (`GET /chain`: server → HttpClient → server)", Probe];

    // App CPU in µs per request, per route and setup; the same in both rounds.
    private static readonly Dictionary<(string Route, string Mode), int> CpuMicroseconds = new()
    {
        [("tasks", "off")] = 20, [("tasks", "floor")] = 21, [("tasks", "bare")] = 22, [("tasks", "contrib")] = 30, [("tasks", "k8s")] = 24,
        [("chain", "off")] = 100, [("chain", "floor")] = 101, [("chain", "bare")] = 120, [("chain", "contrib")] = 150, [("chain", "k8s")] = 120,
        [("healthz", "off")] = 20, [("healthz", "floor")] = 21, [("healthz", "bare")] = 30, [("healthz", "contrib")] = 22, [("healthz", "k8s")] = 21,
    };

    [Fact]
    public async Task Summary_EverySetup_HasARowInThePerSetupTableForEveryRoute()
    {
        var summary = await SummarizeAsync();

        var perSetup = Section(summary, "## Per setup");
        foreach (var route in RouteNames)
        {
            foreach (var mode in Modes)
            {
                Assert.Contains($"| {route} | {mode} |", perSetup, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Summary_AgainstOff_HasEveryTracedSetupOnTheProbe()
    {
        var againstOff = Section(await SummarizeAsync(), "## Against tracing off");

        // CPU ratios are off's CPU per request over the setup's: 20 / 21.
        Assert.Contains($"| {Probe} | k8s | 0.952 (0.952–0.952) | 0.952 (0.952–0.952) | +1.0 |", againstOff, StringComparison.Ordinal);
        Assert.Contains($"| {Probe} | floor |", againstOff, StringComparison.Ordinal);
        Assert.DoesNotContain($"| {Probe} | off |", againstOff, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_AgainstContrib_IsContribsCpuOverOurs()
    {
        var main = Section(await SummarizeAsync(), "## AddK8sTracing against");

        // contrib 30 µs, k8s 24 µs, bare 22 µs: ours is 1.25x cheaper than contrib, and bare 22/24 of ours.
        Assert.Contains(
            $"| {OneSpan} | 1.250 (1.250–1.250) | 1.250 (1.250–1.250) | 0.917 (0.917–0.917) | 0.917 (0.917–0.917) | +4.0 / +10.0 / +2.0 |",
            main,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_ExportBytes_AreBytesReceivedOverSpansReceived()
    {
        var perSetup = Section(await SummarizeAsync(), "## Per setup");

        Assert.Matches($@"\| {Escape(OneSpan)} \| k8s \|.*\| 300 \|\n", perSetup);
        Assert.Matches($@"\| {Escape(OneSpan)} \| contrib \|.*\| 299 \|\n", perSetup);
        // No spans, no bytes per span.
        Assert.Matches($@"\| {Escape(OneSpan)} \| off \|.*\| — \|\n", perSetup);
    }

    [Fact]
    public async Task Summary_Startup_ListsEverySetupAgainstOff()
    {
        var startup = Section(await SummarizeAsync(), "## Startup");

        Assert.Contains("| floor | 340 | 2 | +40 |", startup, StringComparison.Ordinal);
        Assert.Contains("| k8s | 370 | 2 | +70 |", startup, StringComparison.Ordinal);
    }

    private static async Task<string> SummarizeAsync()
    {
        var directory = Directory.CreateTempSubdirectory("load-summary-");
        try
        {
            var runs = Path.Combine(directory.FullName, "latest.tsv");
            var startups = Path.Combine(directory.FullName, "latest-startup.tsv");
            await File.WriteAllTextAsync(runs, Runs());
            await File.WriteAllTextAsync(startups, Startups());

            var start = new ProcessStartInfo("bash")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { Path.Combine(RepositoryRoot.Find(), "benchmarks", "load", "summarize.sh"), runs, startups, "test", "1", "0", "0" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"summarize.sh exited with {process.ExitCode}: {await error}");
            return await output;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Two rounds of every setup on every route, collector up, in run.sh's columns.</summary>
    private static string Runs()
    {
        const int Requests = 100_000;
        const int ClockTicksPerSecond = 100;
        var lines = new StringBuilder(
            "round\tmode\troute\tcollector\trps\tp99_ms\trequests\terrors\twindow_ms\tcpu_ticks\tclk_tck\tstartup_ms\tpeak_rss_kb\t" +
            "spans_received\tspans_expected\tcore_busy_ticks\tcore_total_ticks\tbytes_received\n");
        foreach (var round in new[] { 1, 2 })
        {
            foreach (var ((route, mode), cpu) in CpuMicroseconds)
            {
                // µs per request = ticks * 1e6 / clk_tck / requests.
                var ticks = cpu * ClockTicksPerSecond * Requests / 1_000_000;
                var spans = mode is "off" or "floor" || (route == "healthz" && mode != "bare") ? 0 : Requests * (route == "chain" ? 3 : 1);
                var bytesPerSpan = mode == "contrib" ? 299 : 300;
                lines.Append(CultureInfo.InvariantCulture, $"{round}\t{mode}\t{route}\tup\t{1_000_000 / cpu}\t3.0\t{Requests}\t0\t2000\t{ticks}\t{ClockTicksPerSecond}\t300\t160000\t")
                    .Append(CultureInfo.InvariantCulture, $"{spans}\t{spans}\t{ticks}\t{2 * ticks}\t{(long)spans * bytesPerSpan}\n");
            }
        }

        return lines.ToString();
    }

    private static string Startups()
    {
        var startup = new Dictionary<string, int> { ["off"] = 300, ["floor"] = 340, ["bare"] = 350, ["contrib"] = 380, ["k8s"] = 370 };
        var lines = new StringBuilder("run\tmode\tstartup_ms\n");
        foreach (var run in new[] { 1, 2 })
        {
            foreach (var (mode, ms) in startup)
            {
                lines.Append(CultureInfo.InvariantCulture, $"{run}\t{mode}\t{ms}\n");
            }
        }

        return lines.ToString();
    }

    /// <summary>The summary from <paramref name="heading"/> to the next heading of the same level.</summary>
    private static string Section(string summary, string heading)
    {
        var start = summary.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"No '{heading}' in:\n{summary}");
        var end = summary.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? summary[start..] : summary[start..(end + 1)];
    }

    private static string Escape(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
