using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Sampling;

[Collection(SoleTracerProvider.Name)]
public class RouteSamplingEnvironmentTests
{
    [Fact]
    public async Task RulesFromEnvironmentVariables_ApplyOverTheFallback()
    {
        var kept = "/kept-" + Guid.NewGuid().ToString("N")[..8];
        var dropped = "/dropped-" + Guid.NewGuid().ToString("N")[..8];
        var variables = new Dictionary<string, string>
        {
            ["K8sTracing__SamplingRules__0__Path"] = kept + "/*",
            ["K8sTracing__SamplingRules__0__RatePerMillion"] = "1000000",
            ["K8sTracing__SamplingRules__1__Path"] = dropped + "/*",
            ["K8sTracing__SamplingRules__1__Method"] = "GET",
            ["K8sTracing__SamplingRules__1__RatePerMillion"] = "0",
        };
        var previous = variables.Keys.ToDictionary(key => key, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var variable in variables)
            {
                Environment.SetEnvironmentVariable(variable.Key, variable.Value);
            }

            await using var receiver = await OtlpReceiver.StartAsync();
            await using var app = await RouteSampledApp.StartAsync(receiver, new() { ["K8sTracing:SamplingRatePerMillion"] = "500000" });
            const int Requests = 25;

            for (var i = 0; i < Requests; i++)
            {
                await app.GetAsync($"{dropped}/{i}");
                await app.GetAsync($"{kept}/{i}");
            }

            var spans = await receiver.WaitForSpansAsync(
                s => s.Count(x => x.Attributes.GetValueOrDefault("url.path") is string p && p.StartsWith(kept + "/", StringComparison.Ordinal)) >= Requests,
                TimeSpan.FromSeconds(20));
            Assert.DoesNotContain(spans, s => s.Attributes.GetValueOrDefault("url.path") is string p && p.StartsWith(dropped, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var variable in previous)
            {
                Environment.SetEnvironmentVariable(variable.Key, variable.Value);
            }
        }
    }
}
