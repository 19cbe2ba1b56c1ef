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
}
