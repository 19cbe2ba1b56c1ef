using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Tracing.Sdk.Hosting;

/// <summary>
/// The host's configuration and application name, for the entry point on OpenTelemetry's builder, which sees only the
/// service collection.
/// </summary>
internal static class HostConfiguration
{
    private static readonly IServiceProvider NoServices = new ServiceCollection().BuildServiceProvider();

    /// <summary>
    /// The generic and web host builders register their configuration as a factory that returns the builder's own
    /// configuration and uses nothing from the container, so it can be asked before the container exists. Anything else
    /// falls back to the environment variables, where Kubernetes puts a pod's settings.
    /// </summary>
    public static (IConfiguration Configuration, string ApplicationName) Find(IServiceCollection services)
    {
        IConfiguration? configuration = null;
        string? applicationName = null;
        foreach (var descriptor in services)
        {
            if (descriptor.IsKeyedService)
            {
                continue;
            }

            if (descriptor.ServiceType == typeof(IConfiguration))
            {
                configuration = descriptor.ImplementationInstance as IConfiguration ?? FromFactory(descriptor) ?? configuration;
            }
            else if (descriptor.ServiceType == typeof(IHostEnvironment) && descriptor.ImplementationInstance is IHostEnvironment environment)
            {
                applicationName = environment.ApplicationName;
            }
        }

        return (
            configuration ?? new ConfigurationBuilder().AddEnvironmentVariables().Build(),
            applicationName ?? Assembly.GetEntryAssembly()?.GetName().Name ?? "unknown_service");
    }

    private static IConfiguration? FromFactory(ServiceDescriptor descriptor)
    {
        try
        {
            return descriptor.ImplementationFactory?.Invoke(NoServices) as IConfiguration;
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or ObjectDisposedException)
        {
            return null;
        }
    }
}
