using Microsoft.Extensions.Logging;
using Tracing.Sdk.Instrumentation;
using Tracing.Sdk.Tests.TestSupport;

namespace Tracing.Sdk.Tests.Instrumentation;

public class HookFailuresTests
{
    [Fact]
    public void Report_SameHookFailingRepeatedly_LoggedOncePerHook()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var failures = new HookFailures(factory);

        for (var i = 0; i < 5; i++)
        {
            failures.Report("HttpClientTraceInstrumentationOptions.EnrichWithHttpRequestMessage", new InvalidOperationException("boom " + i));
        }

        failures.Report("AspNetCoreTraceInstrumentationOptions.Filter", new InvalidOperationException("filter"));

        var warnings = logs.Entries.Where(e => e.Category == "Tracing.Sdk" && e.Level == LogLevel.Warning).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Single(warnings, w => w.Message.Contains("EnrichWithHttpRequestMessage", StringComparison.Ordinal));
        Assert.Single(warnings, w => w.Message.Contains("AspNetCoreTraceInstrumentationOptions.Filter", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_FailingLogger_DoesNotThrow()
    {
        using var factory = LoggerFactory.Create(b => b.AddProvider(new ThrowingProvider()));
        var failures = new HookFailures(factory);

        failures.Report("hook", new InvalidOperationException("boom"));
    }

    private sealed class ThrowingProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Throwing();

        public void Dispose()
        {
        }

        private sealed class Throwing : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                throw new InvalidOperationException("logger down");
        }
    }
}
