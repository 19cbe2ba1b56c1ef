using System.Diagnostics;
using System.Diagnostics.Tracing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Tracing.Sdk.Diagnostics;

namespace Tracing.Sdk.Hosting;

/// <summary>
/// Owns the lifetime of OpenTelemetry's <see cref="TracerProvider"/> (the one in DI): builds it as the host starts, reports
/// the effective configuration, and when the host has stopped (after the server drained its requests) flushes and shuts it down
/// within <see cref="K8sTracingOptions.ShutdownTimeout"/>, so a dead collector cannot hold the pod past its grace period.
/// </summary>
internal sealed class TracerProviderLifetime : IHostedLifecycleService
{
    private readonly TracerProvider _provider;
    private readonly TracingPipeline _pipeline;
    private readonly K8sTracingState _state;
    private readonly ILogger _logger;

    public TracerProviderLifetime(TracerProvider provider, TracingPipeline pipeline, K8sTracingState state, ILoggerFactory loggerFactory)
    {
        _provider = provider;
        _pipeline = pipeline;
        _state = state;
        _logger = loggerFactory.CreateLogger(TracingLog.Category);
    }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var report = _pipeline.Report;
        foreach (var warning in report.Warnings)
        {
            TracingLog.ConfigurationProblem(_logger, warning);
        }

        // Formatting the report is a cold start's work (a few milliseconds); leave it out when neither the log nor the
        // event source would take it (a service that logs at Warning, as the load harness does).
        if (_logger.IsEnabled(LogLevel.Information) || TracingSdkEventSource.Log.IsEnabled(EventLevel.Informational, EventKeywords.All))
        {
            var text = report.ToString();
            TracingLog.Started(_logger, text);
            TracingSdkEventSource.Log.Started(text);
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        // The exporter's first request starts the health reporter; an exporter whose client the application replaced
        // sends none through ours, and its shutdown (failures, spans the queue dropped) is still reported.
        _pipeline.Health?.Listen();
        var deadline = _state.Options.ShutdownTimeout;
        var provider = _provider;
        var watch = Stopwatch.StartNew();
        // Shutdown drains the queue (it exports every span still waiting) and then stops the exporter; a separate
        // ForceFlush first would spend the whole deadline on a dead collector before shutdown even began, and the SDK
        // reports the spans its queue dropped only at shutdown.
        var shutdown = Task.Run(() => provider.Shutdown(Remaining(deadline, watch)), CancellationToken.None);

        bool completed;
        try
        {
            completed = await shutdown.WaitAsync(deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            completed = false;
        }

        if (!completed)
        {
            TracingSdkEventSource.Log.ShutdownTimedOut((int)deadline.TotalMilliseconds);
            TracingLog.ShutdownTimedOut(_logger, deadline);
        }
    }

    private static int Remaining(TimeSpan deadline, Stopwatch watch) =>
        (int)Math.Max(0, (deadline - watch.Elapsed).TotalMilliseconds);
}
