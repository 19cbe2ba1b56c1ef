using Microsoft.Extensions.Options;
using Tracing.Sdk.Configuration;

namespace Tracing.Sdk.Tests.Configuration;

public class K8sTracingOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_FindNothing()
    {
        Assert.Empty(K8sTracingOptionsValidator.Validate(new K8sTracingOptions(), new ConfiguredValues()));
    }

    [Fact]
    public void ThrowIfInvalid_SeveralMistakesInCode_ListsEveryOneInOneException()
    {
        var options = new K8sTracingOptions
        {
            ServiceName = " ",
            Endpoint = new Uri("ftp://collector"),
            ExportTimeout = TimeSpan.Zero,
            BatchMaxQueueSize = 10,
            BatchMaxExportBatchSize = 20,
            SamplingRatePerMillion = 2_000_000,
            ShutdownTimeout = TimeSpan.FromSeconds(-1),
            Exporter = (TracesExporter)42,
        };
        options.ProbePaths.Add("healthz");
        options.Propagators.Add("jaeger");
        options.ResourceAttributes["bad"] = new object();
        options.ExportHeaders["x"] = "line\nbreak";

        var exception = Assert.Throws<OptionsValidationException>(
            () => K8sTracingOptionsValidator.ThrowIfInvalid(options, new ConfiguredValues()));

        Assert.Equal(11, exception.Failures.Count());
        foreach (var name in new[] { "ServiceName", "Endpoint", "ExportTimeout", "BatchMaxExportBatchSize", "SamplingRatePerMillion", "ShutdownTimeout", "Exporter", "ProbePaths", "Propagators", "ResourceAttributes", "ExportHeaders" })
        {
            Assert.Contains(name, exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_UnknownPropagatorFromConfiguration_IsNotACodeError()
    {
        var options = new K8sTracingOptions();
        options.Propagators.Clear();
        options.Propagators.Add("xray");
        var configured = new ConfiguredValues();
        configured.Snapshot["propagators"] = "xray";

        Assert.Empty(K8sTracingOptionsValidator.Validate(options, configured));
        // The same list set in code is a mistake: only where it came from tells the two apart.
        var failure = Assert.Single(K8sTracingOptionsValidator.Validate(options, new ConfiguredValues()));
        Assert.StartsWith("Propagators entry 'xray'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowIfInvalid_BadSamplingRulesInCode_ListsEveryProblemByPosition()
    {
        var options = new K8sTracingOptions();
        options.SamplingRules.Add(new SamplingRule("/checkout/*", 1_000_000));
        options.SamplingRules.Add(new SamplingRule("", 2_000_000));
        options.SamplingRules.Add(new SamplingRule("/catalog/*", -1) { Method = "GET POST" });
        options.SamplingRules.Add(null!);

        var exception = Assert.Throws<OptionsValidationException>(
            () => K8sTracingOptionsValidator.ThrowIfInvalid(options, new ConfiguredValues()));

        Assert.Equal(
            [
                "SamplingRules[1]: Path is empty.",
                "SamplingRules[1]: RatePerMillion '2000000' is not a whole number from 0 to 1000000.",
                "SamplingRules[2]: Method 'GET POST' is not an HTTP method.",
                "SamplingRules[2]: RatePerMillion '-1' is not a whole number from 0 to 1000000.",
                "SamplingRules[3] is null.",
            ],
            exception.Failures);
    }

    [Fact]
    public void ThrowIfInvalid_ValidSamplingRulesInCode_Passes()
    {
        var options = new K8sTracingOptions();
        options.SamplingRules.Add(new SamplingRule("/checkout/*", 1_000_000));
        options.SamplingRules.Add(new SamplingRule("/catalog/*", 10_000) { Method = "GET" });
        options.SamplingRules.Add(new SamplingRule("/internal", 0));

        K8sTracingOptionsValidator.ThrowIfInvalid(options, new ConfiguredValues());
    }
}
