using System.Globalization;
using OpenTelemetry.Trace;
using Tracing.Sdk.Configuration;

namespace Tracing.Sdk.Sampling;

/// <summary>
/// Builds the sampler named by <c>OTEL_TRACES_SAMPLER</c> and <c>OTEL_TRACES_SAMPLER_ARG</c>, with the specification's
/// names and defaults; anything else is reported and falls back to <c>parentbased_always_on</c>.
/// </summary>
internal static class SamplerParser
{
    public static Sampler Default => new ParentBasedSampler(new AlwaysOnSampler());

    public static Sampler? Parse(string? name, string? argument, SetupDiagnostics diagnostics)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        switch (name.Trim().ToLowerInvariant())
        {
            case "always_on":
                return new AlwaysOnSampler();
            case "always_off":
                return new AlwaysOffSampler();
            case "traceidratio":
                return new TraceIdRatioBasedSampler(ParseRatio(argument, diagnostics));
            case "parentbased_always_on":
                return new ParentBasedSampler(new AlwaysOnSampler());
            case "parentbased_always_off":
                return new ParentBasedSampler(new AlwaysOffSampler());
            case "parentbased_traceidratio":
                return new ParentBasedSampler(new TraceIdRatioBasedSampler(ParseRatio(argument, diagnostics)));
            default:
                diagnostics.Warn(
                    OtelEnvironmentVariables.TracesSampler,
                    $"'{name}' is not a sampler this SDK provides (always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio); using parentbased_always_on.");
                return null;
        }
    }

    public static Sampler FromRatePerMillion(int ratePerMillion) => ratePerMillion >= 1_000_000
        ? new ParentBasedSampler(new AlwaysOnSampler())
        : new ParentBasedSampler(new TraceIdRatioBasedSampler(ratePerMillion / 1_000_000d));

    private static double ParseRatio(string? argument, SetupDiagnostics diagnostics)
    {
        if (string.IsNullOrWhiteSpace(argument))
        {
            return 1.0;
        }

        if (double.TryParse(argument.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) &&
            ratio >= 0 && ratio <= 1)
        {
            return ratio;
        }

        diagnostics.Warn(OtelEnvironmentVariables.TracesSamplerArg, $"'{argument}' is not a ratio between 0 and 1; using 1.0.");
        return 1.0;
    }
}
