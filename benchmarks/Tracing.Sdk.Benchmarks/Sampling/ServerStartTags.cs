using System.Diagnostics;

namespace Tracing.Sdk.Benchmarks.Sampling;

/// <summary>
/// The start tags ASP.NET Core (.NET 10, with <c>SuppressActivityOpenTelemetryData</c> off) puts on its server activity,
/// boxed once as the <see cref="IEnumerable{T}"/> the sampler is handed, so the benchmarks measure only the decision.
/// </summary>
internal static class ServerStartTags
{
    public const string BrowserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36";

    public static IEnumerable<KeyValuePair<string, object?>> For(string path, string userAgent) => new TagList
    {
        { "server.address", "localhost" },
        { "server.port", 8080 },
        { "http.request.method", "GET" },
        { "url.scheme", "http" },
        { "url.path", path },
        { "network.protocol.version", "1.1" },
        { "user_agent.original", userAgent },
    };
}
