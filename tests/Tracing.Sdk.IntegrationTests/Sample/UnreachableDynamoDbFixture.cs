using Tracing.Sdk.IntegrationTests.Infrastructure;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Sample;

/// <summary>The task-service with DynamoDB pointed at a port where nothing listens.</summary>
public sealed class UnreachableDynamoDbFixture : IAsyncLifetime
{
    private TaskServiceProcess? _app;

    public OtlpReceiver Receiver { get; private set; } = null!;

    internal TaskServiceProcess App => _app ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        Receiver = await OtlpReceiver.StartAsync();
        var nowhere = new Uri($"http://127.0.0.1:{DynaliteServer.FreeLoopbackPort()}/");
        _app = await TaskServiceProcess.StartAsync(TaskServiceEnvironment.For(nowhere, Receiver, "tasks"));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await Receiver.DisposeAsync();
    }
}
