using Tracing.Sdk.IntegrationTests.Foundation;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Resilience;

public class LimitsTests
{
    [Fact]
    public async Task AttributeLimitsFromConfiguration_HugeUserAgentIsTruncatedAndCountCapped()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var configuration = TracedApp.ExportTo(receiver);
        configuration["OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT"] = "32";
        configuration["OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT"] = "6";
        await using var app = await TracedApp.StartAsync(configuration);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.BaseAddress, $"/{app.Marker}/tasks/1"));
        request.Headers.TryAddWithoutValidation("User-Agent", new string('x', 16_000));

        await app.Client.SendAsync(request);

        var spans = await receiver.WaitForSpansAsync(s => s.Any(x => x.Kind == ReceivedSpanKind.Server), TimeSpan.FromSeconds(20));
        var span = spans.First(s => s.Kind == ReceivedSpanKind.Server);
        Assert.True(span.Attributes.Count <= 6, $"{span.Attributes.Count} attributes");
        Assert.True(span.DroppedAttributesCount > 0);
        foreach (var value in span.Attributes.Values.OfType<string>())
        {
            Assert.True(value.Length <= 32, value);
        }
    }
}
