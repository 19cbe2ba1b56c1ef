using System.Diagnostics;
using Amazon;
using Amazon.Runtime.Telemetry;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using Tracing.Sdk.Aws.Tests.TestSupport;

namespace Tracing.Sdk.Aws.Tests;

[Collection(DynaliteTestGroup.Name)]
public sealed class AwsSdkK8sTracingOptionsExtensionsTests
{
    private readonly DynaliteFixture _dynalite;

    public AwsSdkK8sTracingOptionsExtensionsTests(DynaliteFixture dynalite)
    {
        _dynalite = dynalite;
    }

    [Fact]
    public void AddAwsSdk_Called_RegistersBridgeWithAwsConfigs()
    {
        // The hooks are process-wide: start from the AWS SDK's own provider, whatever an earlier test registered.
        AWSConfigs.TelemetryProvider.RegisterTracerProvider(new DefaultTelemetryProvider().TracerProvider);
        Assert.False(AwsSdkTracing.IsRegistered);

        new K8sTracingOptions().AddAwsSdk();

        Assert.True(AwsSdkTracing.IsRegistered);
        Assert.IsType<Tracing.Sdk.Aws.Telemetry.ActivityTracerProvider>(AWSConfigs.TelemetryProvider.TracerProvider);
    }

    [Fact]
    public void AddAwsSdk_CalledTwice_AddsOneProviderStepAndAppliesBothDelegates()
    {
        var options = new K8sTracingOptions();
        AwsSdkTracingOptions? first = null;
        AwsSdkTracingOptions? second = null;

        options.AddAwsSdk(o => first = o).AddAwsSdk(o =>
        {
            second = o;
            o.RecordSdkInternalSpans = true;
        });

        Assert.Single(options.TracerProviderConfigurations);
        Assert.Same(first, second);
        Assert.True(first!.RecordSdkInternalSpans);
    }

    [Fact]
    public void AddAwsSdk_NullOptions_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => AwsSdkK8sTracingOptionsExtensions.AddAwsSdk(null!));
    }

    [Fact]
    public async Task AddK8sTracing_WithAddAwsSdk_RecordsDynamoDbCallsUnderTheApplicationsSpans()
    {
        var collector = new SpanCollector();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "aws-host-test" });
        builder.AddK8sTracing(o =>
        {
            o.Exporter = TracesExporter.None;
            o.AddAwsSdk();
            o.ConfigureTracerProvider(b => b.AddProcessor(collector));
        });
        using var host = builder.Build();
        await host.StartAsync();
        using var client = _dynalite.Server.CreateClient();
        using var source = new ActivitySource("aws-host-test");

        Activity parent;
        using (parent = source.StartActivity("work")!)
        {
            await client.ListTablesAsync(new ListTablesRequest { Limit = 5 });
        }

        await host.StopAsync();

        var span = Assert.Single(collector.InTrace(parent.TraceId), s => s.Source.Name == AwsSdkTracing.SourceName);
        Assert.Equal("DynamoDB.ListTables", span.DisplayName);
        Assert.Equal(parent.SpanId, span.ParentSpanId);
        Assert.Equal(5, span.GetTagItem("aws.dynamodb.limit"));
    }
}
