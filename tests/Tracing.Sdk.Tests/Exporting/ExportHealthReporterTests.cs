using Microsoft.Extensions.Logging;
using Tracing.Sdk.Exporting;
using Tracing.Sdk.Tests.TestSupport;

namespace Tracing.Sdk.Tests.Exporting;

public class ExportHealthReporterTests
{
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static (ExportHealthReporter Reporter, CapturingLoggerProvider Logs, ManualTime Time) Create()
    {
        var logs = new CapturingLoggerProvider();
        var time = new ManualTime();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        return (new ExportHealthReporter(factory.CreateLogger("Tracing.Sdk"), new Uri("http://reporter-test.invalid:1"), time), logs, time);
    }

    [Fact]
    public void OnFailure_Repeated_OneWarningPerIntervalWithTheCount()
    {
        var (reporter, logs, time) = Create();
        using (reporter)
        {
            for (var i = 0; i < 100; i++)
            {
                reporter.OnFailure("connection refused");
            }

            time.Now += ExportHealthReporter.Interval;
            reporter.OnFailure("connection refused");

            var warnings = logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
            Assert.Equal(2, warnings.Count);
            Assert.Contains("(1 failed attempts", warnings[0], StringComparison.Ordinal);
            Assert.Contains("(101 failed attempts", warnings[1], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void OnSuccess_AfterFailures_ReportsRecoveryOnce()
    {
        var (reporter, logs, _) = Create();
        using (reporter)
        {
            reporter.OnSuccess();
            reporter.OnFailure("503");
            reporter.OnFailure("503");
            reporter.OnSuccess();
            reporter.OnSuccess();

            var recovery = Assert.Single(logs.Entries, e => e.Message.Contains("recovered", StringComparison.Ordinal));
            Assert.Contains("2 failed attempts", recovery.Message, StringComparison.Ordinal);
            Assert.Equal(0, reporter.Failures);
        }
    }

    [Fact]
    public void Listen_NotBeforeCalled_ThenOnceHoweverOftenCalled()
    {
        var (reporter, _, _) = Create();
        using (reporter)
        {
            Assert.False(reporter.IsListening);

            reporter.Listen();
            reporter.Listen();

            Assert.True(reporter.IsListening);
        }
    }

    [Fact]
    public void Listen_AfterDispose_DoesNotListen()
    {
        var (reporter, _, _) = Create();
        reporter.Dispose();

        reporter.Listen();

        Assert.False(reporter.IsListening);
    }
}
