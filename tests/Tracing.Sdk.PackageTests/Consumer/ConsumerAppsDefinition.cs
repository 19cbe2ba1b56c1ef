namespace Tracing.Sdk.PackageTests.Consumer;

/// <summary>The slow tests that pack, create, build and run fresh apps: one feed, one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ConsumerAppsDefinition : ICollectionFixture<PackedFeedFixture>
{
    public const string Name = "Consumer apps";
}
