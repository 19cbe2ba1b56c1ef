using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Tracing.Sdk.Benchmarks.Hosting;

/// <summary>
/// A server that hands requests to ASP.NET Core's hosting layer on the calling thread: the same
/// <c>CreateContext</c> (server activity, propagator, sampler), middleware and endpoint as under Kestrel, without sockets
/// and without TestServer's hop to the thread pool, so every allocation belongs to the request and a run measures the
/// same bytes every time.
/// </summary>
internal sealed class InProcessServer : IServer
{
    private Func<string, string?, Task>? _send;

    public IFeatureCollection Features { get; } = new FeatureCollection();

    /// <summary>One <c>GET</c> of <paramref name="path"/>, with an <c>x-request-id</c> when given.</summary>
    public Task SendAsync(string path, string? requestId) =>
        (_send ?? throw new InvalidOperationException("The server has not been started."))(path, requestId);

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        _send = async (path, requestId) =>
        {
            var features = new FeatureCollection();
            var request = new HttpRequestFeature { Method = "GET", Path = path, Protocol = "HTTP/1.1", Scheme = "http" };
            request.Headers.Host = "localhost";
            if (requestId is not null)
            {
                request.Headers["x-request-id"] = requestId;
            }

            features.Set<IHttpRequestFeature>(request);
            features.Set<IHttpResponseFeature>(new HttpResponseFeature());
            features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));

            var context = application.CreateContext(features);
            Exception? failure = null;
            try
            {
                await application.ProcessRequestAsync(context).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                failure = exception;
                throw;
            }
            finally
            {
                application.DisposeContext(context, failure);
            }
        };
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}
