using System.Diagnostics;
using System.Reflection;
using Amazon;
using Amazon.Runtime.Internal;
using Tracing.Sdk.Aws.Pipeline;
using Tracing.Sdk.Aws.Telemetry;

namespace Tracing.Sdk.Aws;

/// <summary>
/// The process-wide hooks into AWSSDK.Core: the telemetry bridge that turns the SDK's spans into activities, and the
/// pipeline customizer that adds what the telemetry hooks cannot see (region, table names, server address).
/// Both are inert until a tracer provider listens to <see cref="SourceName"/>.
/// </summary>
internal static class AwsSdkTracing
{
    /// <summary>The ActivitySource of the client spans, one per AWS SDK call.</summary>
    public const string SourceName = "Tracing.Sdk.Aws";

    /// <summary>The ActivitySource of the SDK's internal spans, listened to only with <see cref="AwsSdkTracingOptions.RecordSdkInternalSpans"/>.</summary>
    public const string InternalSourceName = "Tracing.Sdk.Aws.Internal";

    private static readonly string? Version = typeof(AwsSdkTracing).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    public static readonly ActivitySource ClientSource = new(SourceName, Version);

    public static readonly ActivitySource InternalSource = new(InternalSourceName, Version);

    private static readonly ActivityTracerProvider TracerProvider = new();
    private static readonly Lock RegistrationLock = new();

    /// <summary>
    /// Registers the bridge with <see cref="AWSConfigs.TelemetryProvider"/> (which every client's configuration shares)
    /// and the pipeline customizer with the SDK's registry, so clients created afterwards carry the enrichment handler.
    /// Safe to call any number of times.
    /// </summary>
    public static void Register()
    {
        lock (RegistrationLock)
        {
            var telemetry = AWSConfigs.TelemetryProvider;
            if (!ReferenceEquals(telemetry.TracerProvider, TracerProvider))
            {
                telemetry.RegisterTracerProvider(TracerProvider);
            }

            // The registry ignores a second customizer with the same unique name, so registering again is harmless.
            RuntimePipelineCustomizerRegistry.Instance.Register(AwsTracingPipelineCustomizer.Instance);
        }
    }

    /// <summary>Whether the bridge is the tracer provider the AWS SDK uses now.</summary>
    public static bool IsRegistered => ReferenceEquals(AWSConfigs.TelemetryProvider.TracerProvider, TracerProvider);
}
