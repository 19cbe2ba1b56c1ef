using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Metrology;
using Tracing.Sdk.Benchmarks.Hosting;

if (args is ["--request-loop", var setup, var count])
{
    return RequestLoop.Run(setup, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
}

// Allocations in bytes, not KB: the differences that matter here are tens of bytes on top of what a request costs anyway.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly)
    .Run(args, DefaultConfig.Instance.WithSummaryStyle(SummaryStyle.Default.WithSizeUnit(SizeUnit.B)));
return 0;
