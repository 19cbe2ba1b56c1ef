namespace Tracing.Sdk.AspNetCore.Tests.Sampling;

/// <summary>
/// Tests that assert a span was <em>not</em> recorded run alone: every TracerProvider in the process listens to every
/// ActivitySource and the most permissive sampler wins, so another test's provider would record the span for all.
/// Tests that set process environment variables belong here too, and restore what they changed.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoleTracerProvider
{
    public const string Name = "Sole tracer provider";
}
