namespace Tracing.Sdk.IntegrationTests.Sampling;

/// <summary>Tests that set process environment variables run one at a time, and each restores what it changed.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironment
{
    public const string Name = "Process environment";
}
