namespace Tracing.Sdk.IntegrationTests.Propagation;

/// <summary>Propagation is process-wide (.NET's and OpenTelemetry's current propagators): these tests run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWidePropagation
{
    public const string Name = "Process-wide propagation";
}
