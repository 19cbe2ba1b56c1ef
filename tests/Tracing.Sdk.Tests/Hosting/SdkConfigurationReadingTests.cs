using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Tracing.Sdk.Hosting;
using Tracing.Sdk.Tests.TestSupport;

namespace Tracing.Sdk.Tests.Hosting;

/// <summary>
/// Why Tracing.Sdk still reads and validates some settings the OpenTelemetry SDK could read itself: for these values the
/// SDK alone stops the service from starting, where the rule is a report and the default.
/// </summary>
public class SdkConfigurationReadingTests
{
    public static TheoryData<string, string> ValuesTheSdkAloneRefuses => new()
    {
        { "OTEL_EXPORTER_OTLP_HEADERS", "api-key" },
        { "OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "sometimes" },
    };

    [Theory]
    [MemberData(nameof(ValuesTheSdkAloneRefuses))]
    public void SdkAlone_BadValue_ProviderFailsToBuild(string key, string value)
    {
        var builder = TestHostBuilder.Create(new() { [key] = value });
        builder.Services.AddOpenTelemetry().WithTracing(t => t.AddSource("x").AddOtlpExporter());
        using var host = builder.Build();

        Assert.ThrowsAny<Exception>(() => host.Services.GetRequiredService<TracerProvider>());
    }

    [Theory]
    [MemberData(nameof(ValuesTheSdkAloneRefuses))]
    public void AddK8sTracing_SameBadValue_BuildsAndReportsTheKey(string key, string value)
    {
        var builder = TestHostBuilder.Create(new() { [key] = value });
        builder.AddK8sTracing();
        using var host = builder.Build();

        Assert.NotNull(host.Services.GetRequiredService<TracerProvider>());
        Assert.Contains(host.Services.GetRequiredService<TracingPipeline>().Report.Warnings, w => w.StartsWith(key, StringComparison.Ordinal));
    }
}
