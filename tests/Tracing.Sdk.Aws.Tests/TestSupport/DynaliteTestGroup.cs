namespace Tracing.Sdk.Aws.Tests.TestSupport;

/// <summary>The tests that share one dynalite server.</summary>
[CollectionDefinition(Name)]
public sealed class DynaliteTestGroup : ICollectionFixture<DynaliteFixture>
{
    public const string Name = "dynalite";
}
