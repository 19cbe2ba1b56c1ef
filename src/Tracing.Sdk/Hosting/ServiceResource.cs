using System.Reflection;
using Microsoft.Extensions.Configuration;
using Tracing.Sdk.Resources;

namespace Tracing.Sdk.Hosting;

/// <summary>
/// The service's resource (<c>service.*</c>, <c>k8s.*</c>, <c>container.id</c>), detected once and given to every
/// signal's provider — traces, and the metrics and logs the application adds — so all of them describe the same pod.
/// A DI singleton that depends on nothing a provider builds, so the logger provider can use it too.
/// </summary>
internal sealed class ServiceResource
{
    public ServiceResource(K8sTracingState state, IConfiguration configuration)
        : this(state, configuration, KubernetesEnvironment.ReadFileOrNull, Assembly.GetEntryAssembly())
    {
    }

    internal ServiceResource(K8sTracingState state, IConfiguration configuration, Func<string, string?> readFile, Assembly? entryAssembly)
    {
        var kubernetes = KubernetesEnvironment.Detect(key => configuration[key], readFile);
        Attributes = TracingResourceFactory.Create(state.Options, state.Configured, kubernetes, entryAssembly);
    }

    public IReadOnlyDictionary<string, object> Attributes { get; }
}
