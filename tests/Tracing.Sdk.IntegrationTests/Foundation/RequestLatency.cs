using System.Diagnostics;

namespace Tracing.Sdk.IntegrationTests.Foundation;

/// <summary>
/// The median request latency of two apps measured in turns, one request to each, so both meet the same machine noise
/// and a test can compare them as a ratio instead of against a clock.
/// </summary>
internal static class RequestLatency
{
    private const int Warmup = 5;

    /// <summary>Sends <paramref name="requests"/> requests to each app after a warm-up; every one must succeed.</summary>
    public static async Task<(TimeSpan Measured, TimeSpan Baseline)> MediansAsync(TracedApp measured, TracedApp baseline, int requests)
    {
        for (var i = 0; i < Warmup; i++)
        {
            await TimeAsync(measured, i);
            await TimeAsync(baseline, i);
        }

        var measuredTimes = new List<TimeSpan>(requests);
        var baselineTimes = new List<TimeSpan>(requests);
        for (var i = Warmup; i < Warmup + requests; i++)
        {
            measuredTimes.Add(await TimeAsync(measured, i));
            baselineTimes.Add(await TimeAsync(baseline, i));
        }

        return (Median(measuredTimes), Median(baselineTimes));
    }

    /// <summary>How many requests <see cref="MediansAsync"/> sends to each app in all, warm-up included.</summary>
    public static int Sent(int requests) => Warmup + requests;

    private static async Task<TimeSpan> TimeAsync(TracedApp app, int id)
    {
        var watch = Stopwatch.StartNew();
        using var response = await app.GetAsync($"/{app.Marker}/tasks/{id}");
        var elapsed = watch.Elapsed;
        response.EnsureSuccessStatusCode();
        return elapsed;
    }

    private static TimeSpan Median(List<TimeSpan> times)
    {
        times.Sort();
        return times[times.Count / 2];
    }
}
