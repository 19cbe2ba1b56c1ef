using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using Tracing.Sdk.Redaction;
using Tracing.Sdk.Tests.TestSupport;

namespace Tracing.Sdk.Tests.Redaction;

public class RedactionTests
{
    [Theory]
    [InlineData("db.password", true)]
    [InlineData("http.request.header.authorization", true)]
    [InlineData("http.request.header.cookie", true)]
    [InlineData("user.API_KEY", true)]
    [InlineData("app.session_id", true)]
    [InlineData("oauth.access_token", true)]
    [InlineData("http.route", false)]
    [InlineData("aws.request_id", false)]
    public void IsSensitive_DefaultPatterns_MatchCaseInsensitiveSubstrings(string key, bool expected)
    {
        Assert.Equal(expected, new SensitiveKeyMatcher(K8sTracingOptions.DefaultRedactedAttributes).IsSensitive(key));
    }

    private static async Task<(IReadOnlyList<Activity> Spans, ActivitySource Source)> RunAsync(Action<K8sTracingOptions>? configure, Action<ActivitySource> work)
    {
        var collector = new SpanCollector();
        var builder = TestHostBuilder.Create(new() { ["OTEL_TRACES_EXPORTER"] = "none" });
        builder.AddK8sTracing(o =>
        {
            configure?.Invoke(o);
            o.ConfigureTracerProvider(b => b.AddProcessor(collector));
        });
        using var host = builder.Build();
        await host.StartAsync();
        var source = new ActivitySource(builder.Environment.ApplicationName);
        work(source);
        await host.StopAsync();
        return (collector.Ended, source);
    }

    [Fact]
    public async Task EndedSpan_SensitiveAttributes_AreRedactedBeforeExport()
    {
        var (spans, source) = await RunAsync(null, source =>
        {
            using var activity = source.StartActivity("login");
            activity!.SetTag("user.password", "hunter2");
            activity.SetTag("http.request.header.authorization", "Bearer abc");
            activity.SetTag("user.id", 42);
        });
        using (source)
        {
            var span = Assert.Single(spans);
            Assert.Equal("REDACTED", span.GetTagItem("user.password"));
            Assert.Equal("REDACTED", span.GetTagItem("http.request.header.authorization"));
            Assert.Equal(42, span.GetTagItem("user.id"));
        }
    }

    [Fact]
    public async Task RecordedException_MessageRedactedWhenConfigured_SensitiveTagsAlways()
    {
        var (spans, source) = await RunAsync(o => o.RedactExceptionMessages = true, source =>
        {
            using var activity = source.StartActivity("work");
            activity!.AddException(new InvalidOperationException("password=hunter2 rejected"), new TagList { { "db.token", "t0k3n" } });
        });
        using (source)
        {
            var exception = Assert.Single(Assert.Single(spans).Events);
            var tags = exception.Tags.ToDictionary(t => t.Key, t => t.Value);
            Assert.Equal("REDACTED", tags["exception.message"]);
            Assert.Equal("REDACTED", tags["db.token"]);
            Assert.Equal("System.InvalidOperationException", tags["exception.type"]);
        }
    }

    [Fact]
    public async Task RecordedException_ByDefault_KeepsMessage()
    {
        var (spans, source) = await RunAsync(null, source =>
        {
            using var activity = source.StartActivity("work");
            activity!.AddException(new InvalidOperationException("plain failure"));
        });
        using (source)
        {
            var exception = Assert.Single(Assert.Single(spans).Events);
            Assert.Contains(exception.Tags, t => t.Key == "exception.message" && (string?)t.Value == "plain failure");
        }
    }

    [Fact]
    public async Task RedactedAttributesCleared_NothingIsRedacted()
    {
        var (spans, source) = await RunAsync(o => o.RedactedAttributes.Clear(), source =>
        {
            using var activity = source.StartActivity("login");
            activity!.SetTag("user.password", "visible-on-purpose");
        });
        using (source)
        {
            Assert.Equal("visible-on-purpose", Assert.Single(spans).GetTagItem("user.password"));
        }
    }
}
