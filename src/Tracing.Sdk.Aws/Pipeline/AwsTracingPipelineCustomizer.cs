using Amazon.Runtime.Internal;

namespace Tracing.Sdk.Aws.Pipeline;

/// <summary>
/// Puts an <see cref="AwsSpanEnrichmentHandler"/> just inside the SDK's <see cref="MetricsHandler"/>, which opens the
/// client span, in the pipeline of every service client created after registration.
/// </summary>
internal sealed class AwsTracingPipelineCustomizer : IRuntimePipelineCustomizer
{
    public static readonly AwsTracingPipelineCustomizer Instance = new();

    private AwsTracingPipelineCustomizer()
    {
    }

    public string UniqueName => AwsSdkTracing.SourceName;

    public void Customize(Type type, RuntimePipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        if (!pipeline.Handlers.Exists(h => h is AwsSpanEnrichmentHandler))
        {
            pipeline.AddHandlerAfter<MetricsHandler>(new AwsSpanEnrichmentHandler());
        }
    }
}
