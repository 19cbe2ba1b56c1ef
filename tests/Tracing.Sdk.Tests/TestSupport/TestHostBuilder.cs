using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Tracing.Sdk.Tests.TestSupport;

/// <summary>Host builders isolated from the process environment: configuration comes only from the test.</summary>
internal static class TestHostBuilder
{
    public static HostApplicationBuilder Create(Dictionary<string, string?>? configuration = null, string? applicationName = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = applicationName ?? "app-" + Guid.NewGuid().ToString("N"),
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddInMemoryCollection(configuration ?? new Dictionary<string, string?>());
        return builder;
    }
}
