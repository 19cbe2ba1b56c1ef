namespace Tracing.Sdk.Aws.Tests.TestSupport;

/// <summary>
/// The tests that share one dynalite server, and with them every test that changes the AWS SDK's process-wide
/// telemetry hooks: they run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DynaliteTestGroup : ICollectionFixture<DynaliteFixture>
{
    public const string Name = "dynalite";
}
