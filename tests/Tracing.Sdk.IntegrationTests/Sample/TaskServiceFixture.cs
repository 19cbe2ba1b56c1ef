using Tracing.Sdk.IntegrationTests.Infrastructure;
using Tracing.Sdk.Testing;

namespace Tracing.Sdk.IntegrationTests.Sample;

/// <summary>dynalite, an OTLP receiver and the task-service sending to it, for one test class.</summary>
public sealed class TaskServiceFixture : IAsyncLifetime
{
    private DynaliteServer? _dynalite;
    private TaskServiceProcess? _app;

    public string TableName { get; } = "tasks-" + Guid.NewGuid().ToString("N")[..8];

    public OtlpReceiver Receiver { get; private set; } = null!;

    internal TaskServiceProcess App => _app ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _dynalite = await DynaliteServer.StartAsync();
        Receiver = await OtlpReceiver.StartAsync();
        _app = await TaskServiceProcess.StartAsync(TaskServiceEnvironment.For(_dynalite.Endpoint, Receiver, TableName));
        await _app.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await Receiver.DisposeAsync();
        if (_dynalite is not null)
        {
            await _dynalite.DisposeAsync();
        }
    }
}
