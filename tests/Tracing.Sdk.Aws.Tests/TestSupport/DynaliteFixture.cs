using Tracing.Sdk.IntegrationTests.Infrastructure;

namespace Tracing.Sdk.Aws.Tests.TestSupport;

/// <summary>One dynalite server for all the tests of the collection.</summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    private DynaliteServer? _server;

    public DynaliteServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _server = await DynaliteServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
